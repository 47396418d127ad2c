"""The company's service catalogue and consumers' orders (заявки на услуги); each order is an appeal of the service-request category."""
