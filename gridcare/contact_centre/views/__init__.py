"""Pages of the contact centre: the chat console (`chat`), the operator desk
(`desk`) and the supervisors' wallboard (`wallboard`)."""
