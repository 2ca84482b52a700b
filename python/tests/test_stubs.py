"""The type stubs describe the extension module as it is: every class,
method, property and function of one is in the other."""

from __future__ import annotations

import ast
from pathlib import Path

import qoltanba
from qoltanba import _qoltanba

STUB = Path(qoltanba.__file__).with_name("_qoltanba.pyi")


def stub_names():
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    classes, functions = {}, set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            classes[node.name] = {
                n.name for n in node.body if isinstance(n, ast.FunctionDef) and n.name != "__init__"
            }
        elif isinstance(node, ast.FunctionDef):
            functions.add(node.name)
    return classes, functions


def test_stubs_match_the_module():
    classes, functions = stub_names()
    runtime_classes = {n for n in dir(_qoltanba) if isinstance(getattr(_qoltanba, n), type)}
    runtime_functions = {
        n for n in dir(_qoltanba) if not n.startswith("_") and callable(getattr(_qoltanba, n))
    } - runtime_classes
    assert set(classes) == runtime_classes
    assert functions == runtime_functions
    for name, members in classes.items():
        cls = getattr(_qoltanba, name)
        public = {m for m in vars(cls) if not m.startswith("_")}
        assert members == public, name


def test_package_exports_everything():
    for name in qoltanba.__all__:
        assert hasattr(qoltanba, name), name
    assert STUB.with_name("py.typed").exists()
