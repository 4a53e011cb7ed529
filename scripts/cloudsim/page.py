"""The report's page: numbered figure containers, plotly.js embedded once, and the CSS for screen
and print. One self-contained HTML file: nothing is fetched from the network.

plotly.js (Debian's python3-plotly ships it unminified, 8.7 MB) is embedded gzip-compressed and
base64-encoded (2.5 MB) and unpacked in the browser with DecompressionStream (Chrome/Edge 80+,
Firefox 113+, Safari 16.4+); each interactive chart is its figure's JSON, drawn once plotly.js
is loaded. When everything is drawn, <body data-charts="drawn"> (the browser test waits on it);
a browser without DecompressionStream shows a note in each interactive chart's place."""
from __future__ import annotations

import base64
import gzip
import html
import json

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC",sans-serif;
  max-width:1040px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:0.2em} h2{margin-top:1.6em;border-bottom:1px solid #ccc}
h3{font-size:1em;margin:0.3em 0}
.summary{background:#f4f7fb;border-left:4px solid #3b6ea5;padding:0.6em 1em}
.summary p{margin:0.4em 0}
table.t{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}
table.t td,table.t th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right;
  vertical-align:top}
table.t td.text,table.t th.text{text-align:left}
abbr[title]{text-decoration:underline dotted;cursor:help}
figure.chart{margin:1.2em 0;padding:0.4em 0;overflow-x:auto}
figure.chart img{max-width:100%;display:block}
figcaption{font-size:0.85em;color:#444;max-width:60em}
.nojs{color:#a53b3b}
.partial{background:#fff3cd;border:2px solid #c77700;padding:0.8em 1em;margin:1em 0}
.muted{color:#666;font-size:0.85em}
ul.sources{font-size:0.8em;margin:0.2em 0 0 1.2em;padding:0}
@page{size:A4 landscape;margin:12mm}
@media print{
  body{max-width:none;margin:0;padding:0;font-size:10pt}
  figure.chart{break-inside:avoid;page-break-inside:avoid;overflow:visible}
  h2,h3{break-after:avoid;page-break-after:avoid}
  table.t tr{break-inside:avoid}
  .modebar,.modebar-container{display:none!important}
}
"""

LOADER = """
(async function () {
  const charts = JSON.parse(document.getElementById('chart-data').textContent);
  const place = (id, text) => { const el = document.getElementById(id);
    el.innerHTML = '<p class="nojs">' + text + '</p>'; };
  if (!('DecompressionStream' in window)) {
    for (const id of Object.keys(charts)) place(id, 'This browser cannot unpack the embedded ' +
      'chart library (it needs DecompressionStream: Chrome or Edge 80+, Firefox 113+, ' +
      'Safari 16.4+). The tables hold the same numbers.');
    document.body.dataset.charts = 'unsupported';
    return;
  }
  const packed = document.getElementById('plotly-gz').textContent.trim();
  const bytes = Uint8Array.from(atob(packed), c => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const source = await new Response(stream).text();
  const script = document.createElement('script');
  script.textContent = source;
  document.head.appendChild(script);
  const config = {displaylogo: false, responsive: false,
                  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'toImage']};
  await Promise.all(Object.entries(charts).map(([id, figure]) =>
    Plotly.newPlot(id, figure.data, figure.layout, config)));
  document.body.dataset.charts = 'drawn';
})().catch(error => { document.body.dataset.charts = 'failed'; console.error(error); });
"""


class Page:
    """Collects numbered figures (plotly or PNG) and renders the page."""

    def __init__(self):
        self.figures: dict[str, str] = {}  # element id → figure JSON
        self.count = 0

    def figure(self, title: str, how_to_read: str, plotly_figure=None, png_uri: str | None = None,
               alt: str = "") -> str:
        """A numbered figure: its title above, the chart, and "How to read figure N" below (the
        browser test checks that both land on one printed page)."""
        self.count += 1
        n = self.count
        if plotly_figure is not None:
            element = f"chart-{n}"
            self.figures[element] = plotly_figure.to_json()
            body = (f"<div class='plot' id='{element}' style='width:"
                    f"{plotly_figure.layout.width}px;height:{plotly_figure.layout.height}px'>"
                    "</div>")
        else:
            body = f"<img alt='{html.escape(alt or title)}' src='{png_uri}'>"
        return (f"<figure class='chart' id='figure-{n}'><h3>Figure {n}. {html.escape(title)}</h3>"
                f"{body}<figcaption>How to read figure {n}: {how_to_read}</figcaption></figure>")

    def render(self, title: str, body: str) -> str:
        head = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
                f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
                f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>")
        scripts = ""
        if self.figures:
            from plotly.offline import get_plotlyjs

            packed = base64.b64encode(gzip.compress(get_plotlyjs().encode("utf-8"), 9,
                                                    mtime=0)).decode("ascii")
            data = ("{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in self.figures.items())
                    + "}").replace("</", "<\\/")
            scripts = (f"<script type='application/gzip+base64' id='plotly-gz'>{packed}</script>"
                       f"<script type='application/json' id='chart-data'>{data}</script>"
                       f"<script>{LOADER}</script>")
        else:
            scripts = "<script>document.body.dataset.charts = 'drawn';</script>"
        return head + body + scripts + "</body></html>"
