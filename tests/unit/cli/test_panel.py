"""``index071 panel``: what is refused before Voilà starts (the running panel is tested in tests/integration)."""

import os
import socket

import pytest

from index071lib.cli.main import main
from index071lib.cli.panel import PanelError, check_port


def run(capsys, *args):
    code = main(list(args))
    return code, *capsys.readouterr()


def test_port_in_use_is_named_with_the_way_out():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PanelError, match=rf"--port {port}: cannot listen on 127.0.0.1:{port} .*--port"):
            check_port(port)
    with pytest.raises(PanelError, match="between 1 and 65535"):
        check_port(70000)


@pytest.mark.parametrize("args, message", [
    (["--edition", "1999"], "edition 1999 not found"),
    (["--edition", "2017", "--scenario", "no_such_scenario"], "no_such_scenario"),
    (["--edition", "2017", "--port", "0"], "--port 0: expected a port number between 1 and 65535"),
])
def test_bad_input_stops_before_voila_starts(capsys, monkeypatch, args, message):
    import voila.app

    monkeypatch.setattr(voila.app.Voila, "launch_instance", lambda **kw: pytest.fail("Voilà was started"))
    code, out, err = run(capsys, "panel", *args)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_panel_help_names_the_meeting_options(capsys):
    with pytest.raises(SystemExit):
        main(["panel", "--help"])
    out = capsys.readouterr().out
    for option in ("--edition", "--port", "--scenario", "--save-dir", "Ctrl-C"):
        assert option in out


def test_voila_gets_the_parameterised_copy_which_is_removed_afterwards(capsys, monkeypatch, tmp_path):
    import voila.app

    seen = {}

    def launch(argv):
        notebook = argv[0]
        seen.update(argv=argv, source=open(notebook, encoding="utf-8").read(), folder=notebook.rsplit("/", 1)[0])

    monkeypatch.setattr(voila.app.Voila, "launch_instance", launch)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, out, err = run(capsys, "panel", "--edition", "2017", "--port", str(port), "--save-dir", str(tmp_path),
                         "--scenario", "life_sciences_20")
    assert code == 0, err
    assert seen["argv"][0].endswith("Index071 2017 — wat als.ipynb") and f"--port={port}" in seen["argv"]
    assert "edition = 2017" in seen["source"] and "life_sciences_20.yml" in seen["source"]
    assert f"http://127.0.0.1:{port}/" in err and "Ctrl-C stops the panel" in err
    assert err.rstrip().endswith("index071 panel: stopped")
    assert not os.path.exists(seen["folder"])
