"""The shared bottom layer: registries, page and Excel helpers, division codes, base models.

Every app may import ``common``; ``common`` imports no app of this project (a test,
``xianfeng/tests/test_layers.py``, keeps it so). Apps contribute figures, trends, rules,
page sections, assessment pre-fills and scope grants through the registries here, from
modules that ``CommonConfig.ready`` discovers by name.
"""
