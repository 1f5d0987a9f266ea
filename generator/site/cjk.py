"""A Python-Markdown extension (mkdocs.yml: generator.site.cjk): a line break inside Chinese is not a space.

The newline that wraps a paragraph's source shows as a space: right between English words, a stray
space in Chinese ("改写。\\n写给"). This joins such lines in every page; code is left alone.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

# Han characters, CJK punctuation (。、「」…) and full-width forms (，：！？（）).
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A wrapped line between two CJK characters, or after CJK punctuation whatever follows.
_JOIN = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])|(?<=[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20])[ \t]*\n[ \t]*")
_SKIP = {"pre", "code", "script", "style"}


def join_cjk_lines(text: str) -> str:
    """text with each newline that wraps Chinese removed ("改写。\\n写给" -> "改写。写给")."""
    return _JOIN.sub("", text)


class _JoinLines(Treeprocessor):
    def run(self, element: Element) -> None:  # the page's root, then each element under it
        if element.text and element.tag not in _SKIP:
            element.text = join_cjk_lines(element.text)
        for child in element:
            self.run(child)
            if child.tail:
                # A break right after an inline element ("[链接](x)\n继续"): judge by the element's last character.
                last = "".join(child.itertext())[-1:]
                child.tail = join_cjk_lines(last + child.tail)[len(last):] if last else join_cjk_lines(child.tail)


class CjkLineBreaks(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_JoinLines(md), "kp_cjk_lines", 5)  # after inline parsing (priority 20)


def makeExtension(**kwargs) -> CjkLineBreaks:  # noqa: N802 (Python-Markdown's entry point)
    return CjkLineBreaks(**kwargs)
