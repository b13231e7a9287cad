"""The workbench's web app: routes from URLs to :class:`serve.api.Workbench` and the bundled assets.

Why Starlette and uvicorn: a small, well-kept ASGI toolkit and its reference server, both pure
pip installs; the app needs routing, JSON and static responses, nothing a larger framework adds.
Endpoints are plain (sync) functions run in Starlette's thread pool; the workbench serialises
store access itself.

Every asset is served from the installed package: the page, its script and style
(``serve/static``), the vega-embed bundle that ``vl_convert.javascript_bundle()`` builds offline,
and, inside each graph view, vis-network from the installed pyvis (``graph.viz``). Responses carry
a Content-Security-Policy that allows scripts only from this server and no connection elsewhere,
so nothing the page does can reach outside the machine. Vega compiles its expressions with
``new Function``, hence ``'unsafe-eval'`` for scripts; data still never becomes markup.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.values import json_text
from nordgraph.serve.api import DOWNLOADS, Workbench

CSP = ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; frame-src 'self'; font-src 'none'; "
       "form-action 'none'; base-uri 'none'; frame-ancestors 'self'")
STATIC = {"workbench.js": "text/javascript", "workbench.css": "text/css"}


def _json(data: Any, status: int = 200) -> Response:
    # json_text writes dates, durations and non-finite numbers as graph.values does everywhere
    return Response(json_text(data), status_code=status, media_type="application/json")


def _error(exc: NordgraphError) -> Response:
    return JSONResponse({"error": str(exc)}, status_code=400)


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script, built by vl-convert from its own copies (1-2 s, once)."""
    import vl_convert

    return vl_convert.javascript_bundle()


def _asset(name: str) -> str:
    return resources.files("nordgraph.serve.static").joinpath(name).read_text(encoding="utf-8")


def create_app(workbench: Workbench) -> Starlette:
    """The ASGI app serving ``workbench``."""

    async def body(request: Request) -> dict[str, Any]:
        try:
            data = json.loads(await request.body() or b"{}")
        except json.JSONDecodeError as exc:
            raise NordgraphError(f"the request is not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise NordgraphError("the request must be a JSON object")
        return data

    def guarded(handler: Any, csp: bool = True) -> Any:
        """Errors as JSON ``{"error": ...}``; the policy header unless the page brings its own
        (a graph view carries ``graph.viz``'s hash-based policy, which a second one would narrow)."""
        async def endpoint(request: Request) -> Response:
            try:
                response = await handler(request)
            except NordgraphError as exc:
                response = _error(exc)
            if csp:
                response.headers["Content-Security-Policy"] = CSP
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Cache-Control"] = "no-store"
            return response
        return endpoint

    async def page(_request: Request) -> Response:
        return HTMLResponse(_asset("workbench.html"))

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "vega.js":
            return Response(await run_in_threadpool(vega_bundle), media_type="text/javascript")
        if name not in STATIC:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(_asset(name), media_type=STATIC[name])

    async def schema(_request: Request) -> Response:
        return _json(await run_in_threadpool(workbench.schema))

    async def query(request: Request) -> Response:
        data = await body(request)
        params = data.get("params") or {}
        if not isinstance(params, dict):
            raise NordgraphError("params must be an object of name: value")
        return _json(await run_in_threadpool(workbench.query, str(data.get("text", "")), params,
                                             data.get("write") is True))

    async def run(request: Request) -> Response:
        data = await body(request)
        return _json(await run_in_threadpool(workbench.run, str(data.get("name", "")), dict(data.get("params") or {})))

    async def view(request: Request) -> Response:
        return HTMLResponse(await run_in_threadpool(workbench.view, request.path_params["key"]))

    async def download(request: Request) -> Response:
        key, fmt = request.path_params["key"], request.path_params["fmt"]
        data = await run_in_threadpool(workbench.download, key, fmt)
        return Response(data, media_type=DOWNLOADS[fmt],
                        headers={"Content-Disposition": f'attachment; filename="nordgraph-result-{key}.{fmt}"'})

    async def chart(request: Request) -> Response:
        return _json(await run_in_threadpool(workbench.chart, request.path_params["name"]))

    async def node(request: Request) -> Response:
        return _json(await run_in_threadpool(workbench.node, request.query_params.get("id", "")))

    async def expand(request: Request) -> Response:
        data = await body(request)
        return _json(await run_in_threadpool(workbench.expand, str(data.get("id", "")),
                                             [str(t) for t in data.get("types") or []]))

    async def curate(request: Request) -> Response:
        data = await body(request)
        return _json(await run_in_threadpool(workbench.curate, str(data.get("op", "")), dict(data.get("args") or {})))

    routes = [
        Route("/", guarded(page)),
        Route("/static/{name}", guarded(static)),
        Route("/api/schema", guarded(schema)),
        Route("/api/query", guarded(query), methods=["POST"]),
        Route("/api/run", guarded(run), methods=["POST"]),
        Route("/api/result/{key}/view", guarded(view, csp=False)),
        Route("/api/result/{key}/download.{fmt:str}", guarded(download)),
        Route("/api/chart/{name}", guarded(chart)),
        Route("/api/node", guarded(node)),
        Route("/api/expand", guarded(expand), methods=["POST"]),
        Route("/api/curate", guarded(curate), methods=["POST"]),
    ]
    return Starlette(routes=routes)


__all__ = ["CSP", "create_app", "vega_bundle"]
