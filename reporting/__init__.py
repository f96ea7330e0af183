"""The reporting engine: what any kind of published report is made of.

It knows nothing of 决算 facts. The Table value (`table`) and the vocabulary
its definitions are written in (`spec`), its renderers (`table_html`,
`xlsx_writer`, `pdf_flowables`), exact money and its formatting (`money`,
`formatting`), sums over classification-code hierarchies (`hierarchy`), named
figures (`figures`) and the rule registry (`rules`). 决算 content — fact
models, templates, figure definitions, narrative, rules — sits on top of it
in `disclosure`; 绩效 in `performance` registers its part with it.
"""
