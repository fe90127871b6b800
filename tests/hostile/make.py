#!/usr/bin/env python3
"""Writes the hostile corpus: small crafted files that once crashed, hung or bloated Newsdesk.

Run from this folder (`python3 make.py`); the files are committed, this script says how they
were made. README.md says what each one provokes and how Newsdesk must end it.
"""
import io
import json
import zipfile

PAGE = "<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


def page(title, body):
    return PAGE.format(title=title, body=body)


def write(name, data):
    with open(name, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


# Nesting that a scan of tags reads as flat, but the HTML parser nests.
custom = page("Custom elements", "<p-x>" * 10_000 + "deep")
write("nesting-custom-elements.html", custom)
write("nesting-self-closing-divs.html", page("Self-closing divs", "<div/>" * 10_000 + "deep"))
write("nesting-stray-end-tags.html", page("Stray end tags", "<div></x>" * 10_000 + "deep"))
write("nesting-ruby-outside-ruby.html", page("Ruby", "<rb>a<rt>b" * 5_000 + "deep"))
write("nesting-formatting.html", page("Formatting", "<b><i><u>" * 5_000 + "deep"))
write("nesting-custom-elements.zip", zipped([("page.html", custom)]))

# A feed whose items carry HTML that nests 50,000 deep (once a quadratic hang).
items = "".join(
    "<item><title>Item {n}</title><link>https://news.example/{n}</link>"
    "<description>{html}</description></item>".format(
        n=n, html=("&lt;div/&gt;" * 5_000) + "text"
    )
    for n in range(10)
)
write(
    "feed-nested-item-html.xml",
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>'
    + items
    + "</channel></rss>",
)

# Element floods: 60 MB of <br> packed into a small zip; formatting elements rebuilt for
# every paragraph (few bytes in, many elements out).
write("flood-br.zip", zipped([("br.html", page("Breaks", "<br>" * 15_000_000))]))
# The formatting elements are closed with their paragraph but stay active: html5ever re-creates
# all 300 inside every later paragraph.
formatting = "<p>" + "".join('<b class="c{}">'.format(n) for n in range(300)) + "</p>"
write("flood-reconstructed-formatting.html",
      page("Reconstruction", formatting + "<p>x</p>" * 20_000))

# One tag with 150,000 attributes: html5ever checks each new attribute against all the earlier
# ones, so this takes long inside the tokenizer itself (the worker's time limit ends it).
write("flood-attributes.html",
      page("Attributes", "<p " + " ".join("a{}".format(n) for n in range(150_000)) + ">x</p>"))

# Markdown nested deeply (block quotes, lists).
write("nesting-quotes.md", "# Quotes\n\n" + ">" * 100_000 + " deep\n")
write("nesting-lists.md", "# Lists\n\n" + "- " * 50_000 + "deep\n")

# Control characters and bidi overrides in every field of a Newsdesk export.
CONTROLS = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x00\u202eevil\u2066"
export = {
    "format": "newsdesk-export",
    "version": 1,
    "exported_at": "2026-11-30T12:00:00Z",
    "articles": [
        {
            "title": "Title " + CONTROLS + " end",
            "caption": "Caption " + CONTROLS,
            "credit": "Credit " + CONTROLS,
            "source": "Source " + CONTROLS,
            "url": None,
            "author": "Author " + CONTROLS,
            "published_at": None,
            "imported_at": "2026-11-30T12:00:00Z",
            "blocks": [{"kind": "paragraph", "text": "Body " + CONTROLS + " text."}],
            "bookmark": {"created_at": "2026-11-30T12:00:00Z", "note": "Note " + CONTROLS},
            "visit": None,
            "read_at": None,
        }
    ],
}
write("controls-in-export.json", json.dumps(export, ensure_ascii=False))
write("controls-in-text.txt", "Headline \x1b[2J\x1b]0;x\x07 with escapes\n\nBody \x1b[31mred\x1b[0m and \u202edesrever.\n")

# Markup and script in every place a page can hold text: it must stay text.
XSS = '<img src=x onerror=alert(1)><script>alert(2)</script>'
write(
    "markup-in-page.html",
    page(
        XSS.replace("<", "&lt;"),
        '<article><h1>Script &lt;script&gt;alert(3)&lt;/script&gt;</h1>'
        '<p>Text with <a href="javascript:alert(4)">a javascript: link</a> and '
        '<img src="https://tracker.example/p.gif" onerror="alert(5)"> an image.</p>'
        '<p>&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt; as text, '
        '<iframe src="https://evil.example"></iframe><svg onload="alert(6)"></svg>'
        '<object data="x.swf"></object>and a real paragraph that is long enough to be '
        'article text for any extractor that looks at length.</p>'
        '<p>Second paragraph: <style>body{background:url(https://evil.example/x)}</style>'
        '<form action="https://evil.example"><input value="steal"></form>still text.</p>'
        "</article>",
    ),
)
write(
    "markup-in-feed.xml",
    '<?xml version="1.0"?><rss version="2.0"><channel><title>&lt;b&gt;Feed&lt;/b&gt;</title>'
    '<item><title>&lt;img src=x onerror=alert(7)&gt;</title>'
    "<link>javascript:alert(8)</link>"
    "<description>&lt;p&gt;Body &lt;script&gt;alert(9)&lt;/script&gt;&lt;a href=&quot;"
    "javascript:alert(10)&quot;&gt;link&lt;/a&gt;&lt;/p&gt;</description></item>"
    "</channel></rss>",
)
write(
    "markup-in-markdown.md",
    "---\ntitle: <script>alert(11)</script>\nurl: javascript:alert(12)\n---\n\n"
    "[click](javascript:alert(13)) ![img](https://evil.example/x.png) <img src=x onerror=alert(14)>\n\n"
    "<script>alert(15)</script>\n\nA paragraph.\n",
)
