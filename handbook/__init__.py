"""handbook: 《社区邻里之家工作法》 as a handbook page with chapter pages, and its Markdown import.

May import: search, core. Must not import accounts or units (same layer).
"""
