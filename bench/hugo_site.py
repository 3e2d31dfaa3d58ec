#!/usr/bin/env python3
"""Turn a procat catalogue folder into an equivalent Hugo site, for benchmarks.

    python3 bench/hugo_site.py CATALOGUE HUGO_SITE
    hugo --minify -s HUGO_SITE -d OUT

What Hugo gets, so that it builds what `procat build` builds:

- one page per procedure at /procedures/CODE/ with the same Markdown body and
  every front-matter field of the catalogue (channels, fees, dossier, legal
  basis...), plus its event history worked out from the decisions, all shown
  by the single template;
- one page per decision at /decisions/SLUG/ listing its items with links;
- taxonomies for sector, locality (the territories of a procedure's events),
  implementing agency and level, so Hugo renders listing pages per sector,
  per locality (every locality of the tree has its term page, with links up and
  down the tree), per agency and per level; term pages group procedures by
  sector, as procat's do;
- the catalogue's files/ copied as static files.

Hugo does not work out statuses (SPEC §3): that part of procat's work has no
counterpart here, which favours Hugo in the comparison.

Python 3 standard library only. It reads the YAML shapes that catalogues use
(block mappings and lists, flow lists of codes, `{ procedure: ..., by: ... }`);
procedure front matter is passed to Hugo as it is, with a few keys renamed.
"""

import json
import os
import re
import shutil
import sys


def walk(root, exts):
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if not name.startswith((".", "_")) and name.endswith(exts):
                yield os.path.join(base, name)


def unquote(v):
    v = v.strip()
    if " #" in v and not v.startswith(('"', "'")):
        v = v.split(" #", 1)[0].strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        v = v[1:-1]
    return v


def split_front_matter(text):
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end >= 0:
            body_start = text.find("\n", end + 4)
            body = text[body_start + 1 :] if body_start >= 0 else ""
            return text[4 : end + 1], body
    return text, ""


def top_level(yaml_text):
    """{key: (inline value, [indented lines])} for the top-level keys."""
    keys, cur = {}, None
    for line in yaml_text.split("\n"):
        m = re.match(r"^([A-Za-z_]\w*):(.*)$", line)
        if m:
            cur = m.group(1)
            keys[cur] = (m.group(2).strip(), [])
        elif cur and line.strip() and not line.lstrip().startswith("#"):
            keys[cur][1].append(line)
    return keys


def list_items(inline, lines):
    """The items of a YAML list given inline (`[a, b]`) or as block lines."""
    if inline.startswith("["):
        return [unquote(x) for x in inline.strip("[]").split(",") if x.strip()]
    items, indent = [], None
    for line in lines:
        stripped = line.lstrip()
        here = len(line) - len(stripped)
        if stripped.startswith("- ") and (indent is None or here == indent):
            indent = here
            items.append(stripped[2:])
        elif items:
            items[-1] += "\n" + stripped
    return items


def field(item, key):
    m = re.search(r"(?:^|[\s{,])" + key + r":\s*(\"[^\"]*\"|'[^']*'|[^,}\n]+)", item)
    return unquote(m.group(1)) if m else None


def records(path):
    """A top-level YAML list of flat mappings (localities.yaml, sectors.yaml)."""
    with open(path, encoding="utf-8") as f:
        text = f.read().lstrip("\ufeff").replace("\r\n", "\n")
    return list_items("", text.split("\n"))


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)


LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip" href="#main">Bỏ qua, đến nội dung chính</a>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "procedures/" | relURL }}">Thủ tục</a> <a href="{{ "localities/" | relURL }}">Địa phương</a> <a href="{{ "sectors/" | relURL }}">Lĩnh vực</a> <a href="{{ "agencies/" | relURL }}">Cơ quan</a> <a href="{{ "decisions/" | relURL }}">Quyết định</a></nav>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Params.footer | markdownify }}</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<dl>
{{ with .Params.code }}<dt>Mã thủ tục</dt><dd>{{ . }}</dd>{{ end }}
{{ with .GetTerms "sectors" }}<dt>Lĩnh vực</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ with .GetTerms "levels" }}<dt>Cấp thực hiện</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ with .GetTerms "agencies" }}<dt>Cơ quan thực hiện</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
{{ with .Params.applicants }}<dt>Đối tượng thực hiện</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
{{ with .Params.online_level }}<dt>Dịch vụ công trực tuyến</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.result }}<dt>Kết quả</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.number }}<dt>Số hiệu</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.signed }}<dt>Ngày ký</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.effective }}<dt>Ngày hiệu lực</dt><dd>{{ . }}</dd>{{ end }}
</dl>
{{ with .Params.channels }}<h2>Cách thức thực hiện</h2>
<table><tr><th>Hình thức</th><th>Thời hạn</th><th>Phí, lệ phí</th></tr>
{{ range . }}<tr><td>{{ .method }}</td><td>{{ .processing_time }}</td><td>{{ range .fees }}{{ .name }}: {{ with .amount }}{{ lang.FormatNumber 0 . }} {{ end }}{{ .currency | default "VND" }} {{ .note }}<br>{{ end }}</td></tr>
{{ end }}</table>{{ end }}
{{ with .Params.dossier }}<h2>Thành phần hồ sơ</h2>
{{ range . }}{{ with .case }}<h3>{{ . }}</h3>{{ end }}<table><tr><th>Tên giấy tờ</th><th>Mẫu</th><th>Bản chính</th><th>Bản sao</th></tr>
{{ range .items }}<tr><td>{{ .name }}</td><td>{{ with .form }}<a href="{{ . | relURL }}">Tải mẫu</a>{{ end }}</td><td>{{ .originals }}</td><td>{{ .copies }}</td></tr>
{{ end }}</table>{{ end }}{{ end }}
{{ with .Params.conditions }}<h2>Yêu cầu, điều kiện</h2>{{ . | markdownify }}{{ end }}
{{ .Content }}
{{ with .Params.legal_basis }}<h2>Căn cứ pháp lý</h2><ul>
{{ range . }}<li>{{ .number }} {{ .title }} {{ .date }} {{ .issuer }}</li>
{{ end }}</ul>{{ end }}
{{ with .Params.history }}<h2>Lịch sử</h2>
<table><tr><th>Ngày hiệu lực</th><th>Quyết định</th><th>Nội dung</th><th>Địa bàn</th></tr>
{{ range . }}<tr><td>{{ .effective }}</td><td><a href="{{ printf "decisions/%s/" .decision | relURL }}">{{ .number }}</a></td><td>{{ .action }}{{ with .by }} → {{ . }}{{ end }}</td><td><a href="{{ printf "localities/%s/" .locality | relURL }}">{{ .locality }}</a></td></tr>
{{ end }}</table>{{ end }}
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $groups := .Pages.GroupByParam "sector" }}
<nav><ul>{{ range $groups }}<li><a href="#{{ .Key }}">{{ .Key }}</a> ({{ len .Pages }})</li>{{ end }}</ul></nav>
{{ range $groups }}<h2 id="{{ .Key }}">{{ .Key }}</h2>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Params.code }} {{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ len (where site.RegularPages "Section" "procedures") }} thủ tục, {{ len (where site.RegularPages "Section" "decisions") }} quyết định.</p>
<form action="{{ "search/" | relURL }}"><label for="q">Tìm thủ tục</label> <input id="q" name="q"></form>
<h2>Lĩnh vực</h2><ul>{{ range site.Taxonomies.sectors.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>Quyết định mới nhất</h2><ul>{{ range first 20 (where site.RegularPages.ByDate.Reverse "Section" "decisions") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}

STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem;line-height:1.5}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem}
table{border-collapse:collapse}td,th{border:1px solid #b1b4b6;padding:.3rem;text-align:left}
"""


def convert(src, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    content = os.path.join(dst, "content")

    def write(rel, text):
        path = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    with open(os.path.join(src, "site.yaml"), encoding="utf-8") as f:
        site = {k: unquote(v) for k, (v, _) in top_level(f.read()).items()}

    localities = {}
    for item in records(os.path.join(src, "localities.yaml")):
        localities[field(item, "id")] = {"name": field(item, "name"), "parent": field(item, "parent")}
    sectors = {field(i, "id"): field(i, "name") for i in records(os.path.join(src, "sectors.yaml"))}
    agencies = {}
    for path in walk(os.path.join(src, "agencies"), (".yaml", ".yml")):
        with open(path, encoding="utf-8") as f:
            keys = top_level(f.read().lstrip("\ufeff").replace("\r\n", "\n"))
        stem = os.path.splitext(os.path.basename(path))[0]
        agencies[unquote(keys.get("id", (stem, []))[0])] = unquote(keys.get("name", (stem, []))[0])

    # Decisions, and each procedure's history from them.
    history = {}
    decisions = []
    for path in walk(os.path.join(src, "decisions"), (".yaml", ".yml", ".md")):
        with open(path, encoding="utf-8") as f:
            fm, body = split_front_matter(f.read())
        keys = top_level(fm)
        d = {k: unquote(keys[k][0]) for k in ("number", "title", "issuer", "locality", "signed", "effective") if k in keys}
        d.setdefault("effective", d.get("signed", ""))
        d["slug"] = os.path.splitext(os.path.basename(path))[0]
        d["items"] = []
        for action in ("new", "amended", "replaced", "abolished"):
            if action not in keys:
                continue
            for item in list_items(*keys[action]):
                code = field(item, "procedure") or unquote(item)
                by = field(item, "by") if action == "replaced" else None
                note = field(item, "changes") or field(item, "reason")
                d["items"].append((action, code, by, note))
        d["body"] = body
        decisions.append(d)
    decisions.sort(key=lambda d: (d["effective"], d.get("signed", ""), d.get("number", "")))
    for d in decisions:
        for action, code, by, _ in d["items"]:
            event = {"decision": d["slug"], "number": d.get("number", ""), "action": action,
                     "locality": d.get("locality", ""), "effective": d["effective"]}
            if by:
                event["by"] = by
                history.setdefault(by, []).append(dict(event, action="replaces", by=code))
            history.setdefault(code, []).append(event)

    for d in decisions:
        lines = [f"---\ntitle: {yaml_str(d.get('number', '') + ' ' + d.get('title', ''))}",
                 f"date: {d.get('signed', '2020-01-01')}"]
        for k in ("number", "signed", "effective"):
            if k in d:
                lines.append(f"{k}: {yaml_str(d[k])}")
        lines.append(f"localities: [{yaml_str(d.get('locality', ''))}]")
        lines.append("---\n")
        parts = [d["body"]]
        names = {"new": "Mới ban hành", "amended": "Sửa đổi, bổ sung", "replaced": "Thay thế", "abolished": "Bãi bỏ"}
        for action in names:
            items = [i for i in d["items"] if i[0] == action]
            if items:
                parts.append(f"\n## {names[action]}\n")
                for _, code, by, note in items:
                    line = f"- [{code}](/procedures/{code}/)"
                    if by:
                        line += f" → [{by}](/procedures/{by}/)"
                    if note:
                        line += f": {note}"
                    parts.append(line)
        write(f"content/decisions/{d['slug']}.md", "\n".join(lines) + "\n".join(parts) + "\n")

    # Procedures: the catalogue's front matter with Hugo's keys added.
    count = 0
    for path in walk(os.path.join(src, "procedures"), (".md", ".yaml", ".yml")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if path.endswith(".md"):
            fm, body = split_front_matter(text)
        else:
            fm, body = text.lstrip("\ufeff").replace("\r\n", "\n"), ""
        keys = top_level(fm)
        code = unquote(keys["code"][0]) if "code" in keys else os.path.splitext(os.path.basename(path))[0]
        implementing = []
        if "agencies" in keys:
            sub = top_level("\n".join(l[2:] if l.startswith("  ") else l for l in keys["agencies"][1]))
            if "implementing" in sub:
                implementing = list_items(*sub["implementing"])
        events = history.get(code, [])
        fm = re.sub(r"^name:", "title:", fm, flags=re.M)
        fm = re.sub(r"^agencies:", "procat_agencies:", fm, flags=re.M)
        extra = [
            f"url: {yaml_str('/procedures/' + code + '/')}",
            f"sectors: [{yaml_str(unquote(keys['sector'][0]))}]" if "sector" in keys else "",
            f"localities: {json.dumps(sorted({e['locality'] for e in events}), ensure_ascii=False)}",
            f"agencies: {json.dumps(implementing, ensure_ascii=False)}",
            f"history: {json.dumps(events, ensure_ascii=False)}",
        ]
        name = "p-" + re.sub(r"[^0-9A-Za-z-]", "-", code) + ".md"
        write(f"content/procedures/{name}", "---\n" + fm.rstrip("\n") + "\n" + "\n".join(x for x in extra if x) + "\n---\n" + body)
        count += 1

    # Term pages with titles, for every locality, sector and agency.
    children = {}
    for lid, loc in localities.items():
        children.setdefault(loc["parent"], []).append(lid)
    for lid, loc in localities.items():
        lines = [f"---\ntitle: {yaml_str(loc['name'] or lid)}\n---\n"]
        if loc["parent"]:
            lines.append(f"Thuộc: [{localities.get(loc['parent'], {}).get('name', loc['parent'])}](/localities/{loc['parent']}/)\n")
        lines += [f"- [{localities[c]['name']}](/localities/{c}/)" for c in sorted(children.get(lid, []))]
        write(f"content/localities/{lid}/_index.md", "\n".join(lines) + "\n")
    for sid, name in sectors.items():
        write(f"content/sectors/{sid}/_index.md", f"---\ntitle: {yaml_str(name or sid)}\n---\n")
    for aid, name in agencies.items():
        write(f"content/agencies/{aid}/_index.md", f"---\ntitle: {yaml_str(name or aid)}\n---\n")
    write("content/procedures/_index.md", "---\ntitle: \"Thủ tục hành chính\"\n---\n")
    write("content/decisions/_index.md", "---\ntitle: \"Quyết định công bố\"\n---\n")

    for rel, text in LAYOUTS.items():
        write(f"layouts/{rel}", text)
    write("static/style.css", STYLE)
    if os.path.isdir(os.path.join(src, "files")):
        shutil.copytree(os.path.join(src, "files"), os.path.join(dst, "static", "files"))
    write("config.toml", "\n".join([
        f"baseURL = {yaml_str(site.get('base_url', 'https://example.org/'))}",
        f"title = {yaml_str(site.get('title', 'procat'))}",
        'languageCode = "vi"',
        "[params]",
        f"footer = {yaml_str(site.get('footer', ''))}",
        "[taxonomies]",
        '  sector = "sectors"',
        '  locality = "localities"',
        '  agency = "agencies"',
        '  level = "levels"',
        "[outputs]",
        '  home = ["HTML", "RSS"]',
        '  section = ["HTML"]',
        '  taxonomy = ["HTML"]',
        '  term = ["HTML"]',
        "",
    ]))
    print(f"{dst}: {count} procedures, {len(decisions)} decisions, {len(localities)} localities, "
          f"{len(sectors)} sectors, {len(agencies)} agencies")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: hugo_site.py CATALOGUE HUGO_SITE")
    convert(sys.argv[1], sys.argv[2])
