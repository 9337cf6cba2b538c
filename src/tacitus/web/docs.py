"""/docs as a plain page made from the OpenAPI schema: Swagger UI loads its scripts from a CDN,
which an offline machine cannot reach."""

from __future__ import annotations

from html import escape


def page(schema: dict) -> str:
    rows = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            params = "".join(
                f"<li><code>{escape(p['name'])}</code> ({escape(p['in'])}{', required' if p.get('required') else ''})"
                f" {escape(p.get('description') or '')}</li>" for p in op.get("parameters", []))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                ref = body.get("$ref", "").rsplit("/", 1)[-1]
                fields = schema.get("components", {}).get("schemas", {}).get(ref, {}).get("properties", {})
                params += "".join(f"<li><code>{escape(k)}</code> (JSON body) {escape(v.get('description') or '')}"
                                  "</li>" for k, v in fields.items())
            codes = ", ".join(escape(c) for c in op.get("responses", {}))
            rows.append(f"<section><h2><code>{method.upper()} {escape(path)}</code></h2>"
                        f"<p>{escape(op.get('summary') or '')}</p><ul>{params}</ul><p>answers: {codes}</p></section>")
    title = escape(schema.get("info", {}).get("title", "API"))
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{title} API</title>"
            "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
            "h2{font-size:1.05rem;margin-top:1.6rem}code{background:#f2f2f2;padding:0 .2em}</style>"
            f"<h1>{title} API</h1><p>The machine-readable schema is at <a href=/openapi.json>/openapi.json</a>. "
            "Writing needs <code>Authorization: Bearer &lt;TACITUS_API_TOKEN&gt;</code>.</p>"
            + "".join(rows) + "</html>")
