"""`tacitus serve`: the dashboard and the REST API on one local port (uvicorn)."""

from __future__ import annotations

import signal

import typer

from tacitus.cli.common import err_console
from tacitus.settings import Settings, shown_url


class _Stopped(Exception):
    pass


def _stop(_sig, _frame) -> None:
    raise _Stopped


def _shown_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):  # every interface: this machine reaches it on the loopback
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def serve(
    db: str = typer.Option(None, "--db", help="Database URL (default: sqlite:///tacitus.db or $TACITUS_DB)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 opens it to the network."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
) -> None:
    """Serve the map dashboard and the REST API; Ctrl-C stops it.  Writing (POST /api/articles) needs
    TACITUS_API_TOKEN set."""
    import uvicorn

    from tacitus.web.app import create_app

    settings = Settings.from_env(db)
    app = create_app(settings)

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets)
            if self.started:  # only now is the port really ours, and known when 0 was asked for
                bound = self.servers[0].sockets[0].getsockname()[1] if getattr(self, "servers", None) else port
                print(f"tacitus dashboard: http://{_shown_host(host)}:{bound}/", flush=True)
                err_console.print(f"database {shown_url(settings.db_url)}; writing "
                                  + ("on (bearer token)" if settings.api_token else "off (set TACITUS_API_TOKEN)"),
                                  soft_wrap=True)

    server = Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                   lifespan="on"))
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then raises the signal again: both end here as a clean exit.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except (KeyboardInterrupt, _Stopped):
        pass
    except SystemExit:
        if server.started:
            raise
        err_console.print(f"could not start the server on {host}:{port} (see above); "
                          "if the port is taken, choose another with --port", soft_wrap=True)
        raise typer.Exit(1) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    err_console.print("stopped")
