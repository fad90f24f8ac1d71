extension ReportPage {
    /// The Content Security Policy the page carries: nothing runs, nothing is fetched; only the
    /// page's own inline styles and `data:` images are allowed. Opened from a mail or a shared
    /// folder, the file cannot call anywhere or run anything.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    /// The page's only stylesheet: readable from a phone's width to a desktop's, light or dark
    /// as the reader's system prefers, and printable on paper without the dark background.
    static let stylesheet = """
        :root {
          --paper: #fdfcf8; --ink: #1d232b; --muted: #5b6570; --grid: #dde1e5; --rule: #c9ced4;
          --accent: #2458a6; --success: #2f8a4e; --partial: #c98a12; --miss: #b8474a; --panel: #f2f0ea;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --paper: #15191e; --ink: #e6e8ea; --muted: #a2abb5; --grid: #2c333b; --rule: #3a424c;
            --accent: #7fb0ff; --success: #5cc27f; --partial: #e7b04a; --miss: #ef7f82; --panel: #1e242b;
          }
        }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 60rem; padding: 1rem; background: var(--paper); color: var(--ink);
          font: 16px/1.5 system-ui, sans-serif; overflow-wrap: anywhere; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0; }
        h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; }
        p, ul, ol, dl { margin: 0.25rem 0 0.75rem; }
        .muted { color: var(--muted); }
        .note { background: var(--panel); padding: 0.5rem 0.75rem; border-left: 3px solid var(--partial); }
        section.ladder { margin-bottom: 2.5rem; }
        .figures { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); }
        figure { margin: 0; }
        figcaption { font-size: 0.9rem; color: var(--muted); }
        table { border-collapse: collapse; margin: 0.5rem 0; }
        th, td { text-align: left; padding: 0.15rem 0.6rem 0.15rem 0; vertical-align: top; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
          clip-path: inset(50%); white-space: nowrap; }
        ol.timeline { list-style: none; padding: 0; }
        ol.timeline li { padding: 0.35rem 0; border-top: 1px solid var(--grid); }
        ol.timeline time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 0.5rem; }
        @media print {
          :root { --paper: #fff; --ink: #000; --muted: #444; --grid: #ccc; --rule: #999; --panel: #f4f4f4;
            --accent: #2458a6; --success: #2f8a4e; --partial: #c98a12; --miss: #b8474a; }
          body { max-width: none; padding: 0; font-size: 11pt; }
          section.ladder, figure { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
        }
        """ + SVGChart.stylesheet
}
