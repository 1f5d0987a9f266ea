"""The guide outside the site: Markdown twins of pages, llms.txt, an agent skill, a team's subset.

Plain functions from the catalog to text (no MkDocs here); generator/site/plugin.py
adds their files to the site and generator/__main__.py writes them to folders.
"""
