"""Extra routes of the add-in; xlwings Server includes `routers.custom.router`."""
