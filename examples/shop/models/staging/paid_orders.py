metadata = {"description": "Paid orders only", "materialization": "view"}
