"""Reaching a Bolt server: settings, one cached driver per process, errors, server capabilities.

Neo4j (server, cluster or Aura) is the first-class target. Other Bolt servers (FalkorDB is the
one the tests run against) lack parts of Neo4j, so what the store may use is *detected* once per
connection and kept in a :class:`ServerProfile`; no code asks which product it talks to.

Credentials are read from arguments or the environment and handed to the driver only; they
never appear in a message, a description or a log line.

What the profile records, and why (measured on FalkorDB 4.16 over Bolt, the test server):

* ``components``: Neo4j answers ``CALL dbms.components()``; FalkorDB does not (it announces
  itself as "Neo4j/5.13.0", so the agent string proves nothing);
* ``max_message_bytes``: FalkorDB crashes on a request above about 4 KiB (query text and
  parameters together), so such servers get byte-sized batches and oversized values in pieces;
* ``escape_parameters``: FalkorDB pastes parameters into query text, so a quote or backslash in
  a text parameter breaks or changes it; found by echoing a probe value;
* ``temporal_values``: whether properties and parameters may be dates, times and durations.
  Neo4j's are; FalkorDB crashes when it returns a date, so it cannot be probed by trying: only
  a server that proved to be Neo4j (``components``) is trusted with them;
* ``transaction_timeouts``: whether requests carry the timeout for the server to enforce. Neo4j
  stops a transaction at it; FalkorDB runs an auto-commit query that carries one against an
  empty graph (it answers 0 nodes), so again only a proven Neo4j gets them. Every server is
  also bounded on nordgraph's side (:func:`within`).

Other FalkorDB differences nordgraph works around or reports: no ``CREATE CONSTRAINT`` (an index
is made instead), no ``elementId()`` (``id()`` is used), basic auth is refused when the server
has no password (give no user), a BOLT_PORT above 32767 is ignored, float parameters keep about 15 significant digits, and undirected ``shortestPath`` fails.
"""
from __future__ import annotations

import atexit
import hashlib
import os
import queue
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import exceptions as neo4j_errors

from nordgraph.graph.errors import QueryError, StoreError

#: Seconds to open a socket and to finish the Bolt handshake (or the timeout, when shorter). A
#: server that accepts the connection but never answers the handshake (FalkorDB 4.16 does this to
#: the first connection after a client said GOODBYE) fails after this long instead of hanging, and
#: is retried once.
CONNECT_TIMEOUT = 10.0
#: Seconds any one request may take (``--neo4j-timeout``, ``$NEO4J_TIMEOUT``): see :func:`within`.
DEFAULT_TIMEOUT = 60.0
TIMEOUT_ENV = "NEO4J_TIMEOUT"
#: How much longer than the timeout nordgraph waits before giving up on a silent server, so
#: that a live Neo4j reports its own transaction timeout first.
GRACE_SECONDS = 2.0
#: Bolt servers that are not Neo4j crash on request messages above 4 KiB (FalkorDB 4.16); when
#: the server cannot say what it is, requests are kept below this many bytes.
SMALL_SERVER_MESSAGE_BYTES = 4096


#: Opens every Bolt connection, before the four proposed protocol versions.
BOLT_MAGIC = b"\x60\x60\xb0\x17"
#: URI schemes of Bolt (direct ``bolt``, routed ``neo4j``; ``+s`` verified TLS, ``+ssc`` self-signed).
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class QueryTooLargeError(StoreError):
    """A request would exceed what the server accepts in one message."""


class BoltTimeoutError(StoreError):
    """The server did not answer a request within the timeout."""


@dataclass(frozen=True)
class Settings:
    """Where to connect and how long a request may take; ``password`` is never shown (see :meth:`__repr__`)."""

    uri: str
    user: str | None
    password: str | None
    database: str | None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def resolve(cls, uri: str | None = None, user: str | None = None, password: str | None = None,
                database: str | None = None, timeout: float | str | None = None) -> "Settings":
        """Arguments first, then ``NEO4J_URI``, ``NEO4J_USERNAME`` (or ``NEO4J_USER``),
        ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` and ``NEO4J_TIMEOUT`` (seconds, default 60)."""
        env = os.environ
        uri = uri or env.get("NEO4J_URI")
        if not uri:
            raise StoreError("no Neo4j URI: give --neo4j-uri or set NEO4J_URI (e.g. bolt://localhost:7687)")
        uri, uri_user, uri_password = split_userinfo(uri)
        return cls(uri=uri,
                   user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or uri_user or None,
                   password=password or env.get("NEO4J_PASSWORD") or uri_password or None,
                   database=database or env.get("NEO4J_DATABASE") or None,
                   timeout=_seconds(timeout if timeout is not None else env.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT))

    @property
    def safe_uri(self) -> str:
        """The URI without any user or password written into it."""
        return redact_uri(self.uri)

    def describe(self) -> str:
        where = self.safe_uri + (f" database {self.database}" if self.database else "")
        return f"Neo4j {where}"

    def cache_key(self) -> tuple[str, str | None, str, float]:
        secret = hashlib.sha256((self.password or "").encode("utf-8")).hexdigest()
        return (self.uri, self.user, secret, self.timeout)

    def __repr__(self) -> str:
        return (f"Settings(uri={self.safe_uri!r}, user={self.user!r}, database={self.database!r}, "
                f"timeout={self.timeout!r})")


def _seconds(value: float | str) -> float:
    """A timeout in seconds, above zero (from an argument or ``$NEO4J_TIMEOUT``)."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise StoreError(f"Neo4j timeout {value!r}: give the seconds a request may take, a number above 0 "
                         f"(--neo4j-timeout or {TIMEOUT_ENV})")
    return seconds


def redact_uri(uri: str) -> str:
    """``uri`` with its user-info part (``user:password@``) and query string removed."""
    try:
        parts = urlsplit(split_userinfo(uri)[0])
    except ValueError:
        return "<malformed URI>"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def split_userinfo(uri: str) -> tuple[str, str | None, str | None]:
    """``uri`` without its ``user:password@`` part, and the user and password it held.

    The driver refuses user-info on ``bolt://`` URIs and would echo the whole URI in its
    error, so credentials are taken out before the driver ever sees the URI.
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return uri, None, None
    netloc, slash, tail = rest.partition("/")
    userinfo, at, host = netloc.rpartition("@")
    if not at:
        return uri, None, None
    user, colon, password = userinfo.partition(":")
    return f"{scheme}://{host}{slash}{tail}", unquote(user) or None, unquote(password) if colon else None


@dataclass(frozen=True)
class ServerProfile:
    """What the server can do, as far as nordgraph cares."""

    product: str
    #: ``CALL dbms.components()`` answers (Neo4j); everything else below follows from probes.
    components: bool
    #: Largest request message the server survives; ``None`` when it has no practical limit.
    max_message_bytes: int | None
    #: The server pastes string parameters into query text unescaped (FalkorDB 4.16 does), so
    #: they must be sent pre-escaped: see :func:`escape_parameters`.
    escape_parameters: bool = False
    #: Temporal values may be stored and sent (Neo4j); see the module docstring.
    temporal_values: bool = False
    #: Requests may carry a transaction timeout for the server to enforce (Neo4j); ditto.
    transaction_timeouts: bool = False


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def escape_parameters(value: Any) -> Any:
    """``value`` with every string escaped as inside a single-quoted Cypher literal and every
    map key that is not a plain identifier backtick-quoted, for servers that paste parameters
    into query text. The NUL character cannot survive that and is refused."""
    if isinstance(value, str):
        if "\x00" in value:
            raise StoreError("this Bolt server cuts text at the NUL character; it cannot store such text")
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, dict):
        return {(k if _PLAIN_KEY.match(str(k)) else "`" + str(k).replace("`", "``") + "`"): escape_parameters(v)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [escape_parameters(v) for v in value]
    return value


_DRIVERS: dict[tuple[str, str | None, str, float], neo4j.Driver] = {}


def driver_for(settings: Settings) -> neo4j.Driver:
    """The process's one driver for these settings, created and verified on first use.

    One driver per process: it pools its connections, and some Bolt servers mishandle a fresh
    connection that follows a closed one.
    """
    key = settings.cache_key()
    if key in _DRIVERS:
        return _DRIVERS[key]
    uri, uri_user, uri_password = split_userinfo(settings.uri)
    scheme = uri.partition("://")[0].lower()
    if scheme not in BOLT_SCHEMES:
        raise StoreError(f"bad Neo4j URI {settings.safe_uri}: the scheme must be one of {', '.join(BOLT_SCHEMES)}")
    user, password = settings.user or uri_user, settings.password or uri_password
    auth = (user or "neo4j", password or "") if (user or password) else None
    connect = min(CONNECT_TIMEOUT, settings.timeout)
    try:
        driver = neo4j.GraphDatabase.driver(
            uri, auth=auth, connection_timeout=connect, connection_acquisition_timeout=connect,
            max_transaction_retry_time=settings.timeout, user_agent="nordgraph")
    except (ValueError, neo4j_errors.ConfigurationError) as exc:
        raise StoreError(f"bad Neo4j URI {settings.safe_uri}: {scrub(str(exc), settings)}") from None
    _DRIVERS[key] = driver
    try:
        with translate_errors(settings):
            try:
                within(settings, driver.verify_connectivity)
            except neo4j_errors.ServiceUnavailable:
                within(settings, driver.verify_connectivity)  # one retry, see CONNECT_TIMEOUT
            except ValueError as exc:  # an address the driver cannot resolve, such as a bad port
                raise StoreError(f"bad Neo4j URI {settings.safe_uri}: {scrub(str(exc), settings)}") from None
    except BaseException:
        abandon_driver(settings)
        raise
    return driver


_T = TypeVar("_T")


class _Worker:
    """A daemon thread that makes one calling thread's requests, so that the caller can stop
    waiting for a server that never answers (a stuck worker is left behind and replaced). One
    long-lived thread rather than one per request: a push to a small server makes thousands."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="nordgraph-bolt", daemon=True).start()

    def _serve(self) -> None:
        while (job := self.jobs.get()) is not None:
            job()


_WORKERS = threading.local()


def within(settings: Settings, call: Callable[[], _T], seconds: float | None = None) -> _T:
    """``call()`` (one request to the server), or :class:`BoltTimeoutError` when it has not
    returned ``seconds`` (default ``settings.timeout``; and a grace) later.

    The driver bounds connecting and lets Neo4j bound each transaction (both set from the
    timeout), but it has no read timeout of its own: a server that stops answering half-way
    (deadlocked, overloaded) would keep ``recv`` waiting for ever. So the call runs on a worker
    thread; when it hangs, the caller gives up, and the process's driver is abandoned
    (:func:`abandon_driver`), its connection being in an unknown state.
    """
    worker = getattr(_WORKERS, "worker", None) or _Worker()
    _WORKERS.worker = worker
    replies: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()

    def job() -> None:
        try:
            replies.put((True, call()))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            replies.put((False, exc))

    worker.jobs.put(job)
    try:
        succeeded, value = replies.get(timeout=(seconds or settings.timeout) + GRACE_SECONDS)
    except queue.Empty:
        worker.jobs.put(None)  # it ends when (if ever) the stuck call returns
        _WORKERS.worker = None
        abandon_driver(settings)
        raise BoltTimeoutError(
            f"{settings.describe()} did not answer within {seconds or settings.timeout:g} s; is it overloaded or stuck? "
            f"(wait longer with --neo4j-timeout or {TIMEOUT_ENV}; a query's own limit: --timeout)") from None
    if not succeeded:
        raise value
    return value


def abandon_driver(settings: Settings) -> None:
    """Forget the process's driver for ``settings`` (the next store makes a new one) and close
    it in the background: closing could wait on a connection a hung request still holds."""
    key = settings.cache_key()
    driver = _DRIVERS.pop(key, None)
    if driver is not None:
        threading.Thread(target=_close, args=(key, driver, PROFILES.pop(key, None)), name="nordgraph-bolt-close",
                         daemon=True).start()


#: Server profiles by connection settings, detected once per process (``Neo4jStore.profile``).
PROFILES: dict[tuple[str, str | None, str, float], ServerProfile] = {}


@atexit.register
def close_drivers() -> None:
    """Close every cached driver (at exit, or when a test server goes away)."""
    while _DRIVERS:
        key, driver = _DRIVERS.popitem()
        _close(key, driver, PROFILES.get(key))


def _close(key: tuple[str, str | None, str, float], driver: neo4j.Driver, profile: ServerProfile | None) -> None:
    try:
        driver.close()
    except Exception:  # noqa: BLE001 - the server may already be gone; nothing to save
        return
    if profile is not None and not profile.components:
        _drop_a_handshake(key[0])


def _drop_a_handshake(uri: str) -> None:
    """Open a plain Bolt connection, start the handshake and hang up.

    FalkorDB 4.16 stops answering handshakes after a client says GOODBYE, until some client
    hangs up mid-handshake; doing that here spares the next process a :data:`CONNECT_TIMEOUT`
    wait. Only for servers that are not Neo4j, and only on unencrypted URIs.
    """
    parts = urlsplit(uri)
    if parts.scheme not in ("bolt", "neo4j") or not parts.hostname:
        return
    try:
        with socket.create_connection((parts.hostname, parts.port or 7687), timeout=2) as sock:
            sock.sendall(BOLT_MAGIC + b"\x00\x00\x07\x05" + bytes(12))
    except OSError:
        pass  # the server is gone; nothing to recover


@contextmanager
def translate_errors(settings: Settings, query: str | None = None, seconds: float | None = None) -> Iterator[None]:
    """Turn driver exceptions into short nordgraph errors that name no credentials (``seconds``:
    the time the request was given, when not ``settings.timeout``)."""
    where = settings.describe()
    try:
        yield
    except neo4j_errors.AuthError:
        who = f"user {settings.user!r}" if settings.user else "no credentials"
        raise StoreError(f"{where} refused the login ({who}); check NEO4J_USERNAME / NEO4J_PASSWORD") from None
    except neo4j_errors.ServiceUnavailable as exc:
        raise StoreError(f"cannot reach {where}: {scrub(_reason(exc), settings)}") from None
    except neo4j_errors.SessionExpired as exc:
        raise StoreError(f"lost the connection to {where}: {scrub(_first_line(exc), settings)}") from None
    except neo4j_errors.Neo4jError as exc:
        code = exc.code or ""
        message = scrub(exc.message or _first_line(exc), settings)
        if "TransactionTimedOut" in code:
            raise BoltTimeoutError(f"{where} stopped the query at the timeout, {seconds or settings.timeout:g} s "
                                   f"(give more with --neo4j-timeout or {TIMEOUT_ENV}; a query's own limit: "
                                   f"--timeout)") from None
        if code.endswith("DatabaseNotFound"):
            raise StoreError(f"{where}: no database {settings.database!r} on this server") from None
        if code.startswith("Neo.ClientError.Security"):
            raise StoreError(f"{where}: {message}") from None
        if "TransactionTimedOut" in code:
            raise QueryError(f"{where} stopped the query at its time limit; raise it with --timeout SECONDS "
                             "(timeout= in Python; 0: no limit)") from None
        if code.startswith("Neo.ClientError.Statement") or code.startswith("Neo.ClientError.Schema"):
            raise QueryError(f"{where} rejected the query: {message}") from None
        raise StoreError(f"{where} failed{' on the query' if query else ''}: {message} ({code})") from None
    except neo4j_errors.DriverError as exc:
        raise StoreError(f"{where}: {scrub(_first_line(exc), settings)}") from None


def scrub(text: str, settings: Settings) -> str:
    """``text`` (a driver's message) without the URI as given, its user-info or the password."""
    uri, _, uri_password = split_userinfo(settings.uri)
    text = text.replace(settings.uri, settings.safe_uri).replace(uri, settings.safe_uri)
    for secret in (settings.password, uri_password):
        if secret:
            text = text.replace(secret, "***")
    return text


def _reason(exc: BaseException) -> str:
    """The useful part of the driver's multi-line connection error (``[Errno 111] ...``)."""
    text = str(exc)
    found = re.findall(r"\(reason (.+?)\)\s*$", text, re.M)
    if found:
        return found[-1]
    lines = [line.strip().rstrip(":") for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def packed_size(value: Any) -> int:
    """An upper estimate of ``value``'s size in Bolt's PackStream encoding, in bytes."""
    if isinstance(value, str):
        return len(value.encode("utf-8")) + 5
    if isinstance(value, (bytes, bytearray)):
        return len(value) + 5
    if isinstance(value, dict):
        return 5 + sum(packed_size(str(k)) + packed_size(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return 5 + sum(packed_size(v) for v in value)
    return 9  # null, booleans, integers and floats take at most nine bytes


#: Bytes a RUN message adds around the query text and parameters (signature, extra map with the
#: database name and transaction metadata, chunk headers), with room to spare.
MESSAGE_OVERHEAD = 160


def message_size(text: str, params: dict[str, Any], settings: Settings) -> int:
    """An upper estimate of the RUN message that carries ``text`` with ``params``."""
    return (len(text.encode("utf-8")) + packed_size(params) + packed_size(settings.database or "")
            + MESSAGE_OVERHEAD)
