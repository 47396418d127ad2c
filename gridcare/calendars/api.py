from ninja import Router

router = Router(tags=["Производственный календарь"])
