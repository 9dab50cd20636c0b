"""A second launch hands its files to the running window (viewer/ui/single_instance.py).

The running window's server lives in the test process under a name of its own; the second
launch is a real `python -m viewer …` in a subprocess, pointed at that name, as the
desktop's file manager would start it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from viewer.core.scenario import Scenario, set_units
from viewer.core.scenario_file import scenario_to_json
from viewer.ui import single_instance
from viewer.ui.single_instance import (
    MAX_MESSAGE_BYTES,
    InstanceServer,
    Request,
    RequestError,
    hand_over_or_serve,
    parse_request,
    server_name,
)


@pytest.fixture
def name():
    """A socket path of this test's own (short: Unix socket paths stop at 107 bytes)."""
    folder = tempfile.mkdtemp(prefix="em-")
    yield str(Path(folder) / "s")
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def serving(window, name):
    server = InstanceServer(name)
    assert server.listen()
    server.serve(window)
    got: list[object] = []
    server.request_received.connect(got.append)
    server.refused.connect(got.append)
    yield server, got
    server.close()


def _second_launch(name: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", single_instance.ENV_NAME: name}
    return subprocess.Popen([sys.executable, "-m", "viewer", *args], cwd=tempfile.gettempdir(),
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _finished(qtbot, proc: subprocess.Popen[str]) -> tuple[int, str]:
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)
    _out, err = proc.communicate()
    return proc.returncode, err


def test_a_second_launch_opens_its_scenario_in_the_running_window(qtbot, window, serving,
                                                                   name, tmp_path):
    scenario = Scenario(window.document.results)
    scenario.apply(set_units(["PA"], "DEM"))
    path = tmp_path / "flip.json"
    path.write_text(scenario_to_json(scenario))
    proc = _second_launch(name, "--open", str(path))
    qtbot.waitUntil(lambda: window.document.scenario_path == str(path), timeout=60_000)
    assert _finished(qtbot, proc)[0] == 0
    assert window.document.scenario.winner("PA") == "DEM"
    assert window.isVisible()


def test_a_second_launch_opens_its_results_file(qtbot, window, serving, name, tmp_path):
    path = tmp_path / "results_2020.csv"
    shutil.copy(REPO / "data" / "results_2020.csv", path)
    proc = _second_launch(name, "--results", str(path))
    qtbot.waitUntil(lambda: window.document.results.year == 2020, timeout=60_000)
    assert _finished(qtbot, proc)[0] == 0


def test_a_second_launch_with_a_year_shows_that_election(qtbot, window, serving, name):
    proc = _second_launch(name, "--year", "1960")
    qtbot.waitUntil(lambda: window.document.results.year == 1960, timeout=60_000)
    assert _finished(qtbot, proc)[0] == 0
    assert parse_request(b'{"year": 1960}') == Request(year=1960)
    for bad in (b'{"year": "1960"}', b'{"year": 17}', b'{"year": true}'):
        with pytest.raises(RequestError, match="year"):
            parse_request(bad)


def test_a_launch_without_a_file_only_raises_the_window(qtbot, window, serving, name):
    _server, got = serving
    proc = _second_launch(name)
    qtbot.waitUntil(lambda: bool(got), timeout=60_000)
    assert got == [Request()]
    assert _finished(qtbot, proc)[0] == 0
    assert window.document.scenario_path is None and window.document.results.year == 2024


def test_a_missing_file_is_refused_and_the_launch_says_so(qtbot, window, serving, name,
                                                           tmp_path):
    proc = _second_launch(name, "--open", str(tmp_path / "gone.json"))
    status, err = _finished(qtbot, proc)
    assert status == 1
    assert "no such file" in err and "Traceback" not in err
    assert window.document.scenario_path is None


def _raw(qtbot, name: str, data: bytes, got: list[object]) -> dict[str, object]:
    """Send bytes as a misbehaving client would; the server's answer."""
    before = len(got)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(name)
        client.sendall(data)
        qtbot.waitUntil(lambda: len(got) > before, timeout=10_000)
        client.settimeout(5)
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = client.recv(4096)
            if not chunk:
                break
            answer += chunk
    return json.loads(answer)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets only")
def test_bogus_messages_are_refused_without_harm(qtbot, window, serving, name, tmp_path):
    _server, got = serving
    (tmp_path / "dir").mkdir()
    bogus = [b"not json\n", b"\xff\xfe\x00\n", b"[1, 2]\n", b'"a string"\n',
             b'{"scenario": "/etc/passwd", "exec": "rm -rf ~"}\n',
             b'{"scenario": "relative.json"}\n', b'{"scenario": 5}\n',
             b'{"results": ["/a", "/b"]}\n', b'{"scenario": "/no/such/file.json"}\n',
             json.dumps({"scenario": str(tmp_path / "dir")}).encode() + b"\n",
             b'{"scenario": "/tmp/a\\u0000b"}\n', b"[" * 100_000 + b"\n",
             b"{" + b" " * (MAX_MESSAGE_BYTES + 10)]  # too long, never ends
    for data in bogus:
        answer = _raw(qtbot, name, data, got)
        assert answer["ok"] is False and answer["error"], data[:40]
        assert isinstance(got[-1], str)  # refused, with a reason
    assert not [g for g in got if isinstance(g, Request)]
    assert window.document.scenario_path is None and window.document.results.year == 2024
    # …and the server still takes a good request afterwards.
    assert _raw(qtbot, name, b"{}\n", got) == {"ok": True}
    qtbot.waitUntil(lambda: isinstance(got[-1], Request))


def test_a_silent_client_is_dropped(qtbot, serving, name, monkeypatch):
    _server, got = serving
    monkeypatch.setattr(single_instance, "CLIENT_IDLE_MS", 200)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(name)
        client.sendall(b'{"scenario": ')
        qtbot.waitUntil(lambda: bool(got), timeout=5_000)
    assert got == ["no complete message in time"]


def test_a_stale_socket_is_taken_over(qtbot, name):
    # What a crashed window leaves: a socket file nobody listens on.
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(name)
    dead.close()
    assert Path(name).is_socket()
    server = hand_over_or_serve(Request(), name)
    assert isinstance(server, InstanceServer) and server.is_listening()
    got: list[object] = []
    server.request_received.connect(got.append)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(name)
            client.sendall(b"{}\n")
            qtbot.waitUntil(lambda: got == [Request()], timeout=10_000)
    finally:
        server.close()
    assert not Path(name).exists()  # closing removes the socket file


def test_a_live_name_is_never_taken(qtbot, name, tmp_path):
    first = InstanceServer(name)
    assert first.listen()
    try:
        second = InstanceServer(name)
        assert not second.listen()
        (tmp_path / "plain").write_text("not a socket")
        third = InstanceServer(str(tmp_path / "plain"))
        assert not third.listen(replace_stale=True)  # not a socket: never removed
        assert (tmp_path / "plain").read_text() == "not a socket"
    finally:
        first.close()


def test_requests_accept_only_known_keys_and_existing_absolute_files(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{}")
    assert parse_request(b"{}") == Request()
    assert parse_request(json.dumps({"scenario": str(path), "results": None}).encode()) \
        == Request(scenario=path)
    assert parse_request(Request.of(None, path).to_bytes().strip()) == Request(scenario=path)
    for data in (b"", b"null", b"{}" * 2, b"[" * 15_000, b'{"Scenario": "/x"}', b'{"year": 1960.5}',
                 json.dumps({"scenario": "x" * 5000}).encode(), b"1" * (MAX_MESSAGE_BYTES + 1)):
        with pytest.raises(RequestError):
            parse_request(data)


def test_the_name_is_per_user():
    assert server_name({single_instance.ENV_NAME: "x"}) == "x"
    name = server_name({})
    assert name.startswith("electoral-map-") and name != "electoral-map-"
    runtime = tempfile.mkdtemp()  # 0700, ours
    try:
        assert server_name({"XDG_RUNTIME_DIR": runtime}) == f"{runtime}/electoral-map.sock"
        os.chmod(runtime, 0o777)  # anyone could plant a socket there: not used
        assert server_name({"XDG_RUNTIME_DIR": runtime}).startswith("electoral-map-")
    finally:
        os.rmdir(runtime)
