"""Payloads that try to run script, load from elsewhere or evaluate templates.

Each is put into every field a journey file, a persona, or site.yaml can
hold. A payload that executes calls `alert`, `confirm`, `prompt` or sets
`window.__pwned`; a template payload that is evaluated shows `4913` (17*17*17)
or `jm-evaluated`.
"""

from __future__ import annotations

XSS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<video><source onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/"
    "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'x" style="background:url(javascript:alert(1))',
    "red;background:url(http://127.0.0.1:9/x)",
    "<style>@import 'http://127.0.0.1:9/x.css';</style>",
    "<link rel=stylesheet href=http://127.0.0.1:9/x.css>",
    "<base href=http://127.0.0.1:9/>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "${alert(1)}",
    "`;alert(1);//",
    "</span></td></tr></table><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--<script>alert(1)</script>-->",
    "\u202e<script>alert(1)</script>",
)

MARKDOWN: tuple[str, ...] = (
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](file:///etc/passwd)",
    "![img](javascript:alert(1))",
    "![img](file:///etc/passwd)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[ref][x]",
    "**<script>alert(1)</script>**",
    "```html\n<script>alert(1)</script>\n```",
    '[a](https://example.org "title\\" onmouseover=alert(1) x=\\"")',
)

# Images a site cannot show without fetching them or reading outside the content root:
# each makes the build fail at its place (see test_hostile_site), so they are kept out of
# the content the other tests build.
OUT_OF_REACH: tuple[str, ...] = (
    "![img](http://127.0.0.1:9/tracker.png)",
    "![img](//127.0.0.1:9/tracker.png)",
    "![img](../../../../etc/passwd)",
    "![img](/../../../etc/passwd)",
)

TEMPLATE: tuple[str, ...] = (
    "{{ 17*17*17 }}",
    "{% if true %}jm-evaluated{% endif %}",
    "{{ self.__init__.__globals__ }}",
    "{{ config }}",
    "{# comment #}jm-comment",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${{17*17*17}}",
)

ALL: tuple[str, ...] = XSS + MARKDOWN + TEMPLATE
