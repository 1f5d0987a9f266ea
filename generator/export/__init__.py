"""The guide outside the site: Markdown twins of pages, llms.txt, an agent skill, a team's subset.

Plain functions from the catalog to text (no MkDocs here): generator/site/generate.py
writes their files into the generated site folder, and generator/cli.py into folders of their own.
"""
