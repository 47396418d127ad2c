"""Personal data (152-ФЗ): subjects' requests, retention and anonymisation, the access log search, subject data export."""
