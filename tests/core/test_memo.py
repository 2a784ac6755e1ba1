import sympy as sp

from cranisotropy.core import memo


def test_disk_memo_returns_equal_results_and_reuses_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CRANISOTROPY_CACHE", str(tmp_path))
    calls = []
    x = sp.Symbol("x")

    @memo.disk_memo
    def antiderivative(expr, var):
        calls.append(expr)
        return sp.integrate(expr, var)

    first = antiderivative(x**2 * sp.exp(x), x)
    files = list(memo.memo_dir().glob("antiderivative-*.pickle"))
    assert len(files) == 1 and len(calls) == 1

    @memo.disk_memo
    def antiderivative(expr, var):  # a fresh process would see only the file
        calls.append(expr)
        return sp.integrate(expr, var)

    assert antiderivative(x**2 * sp.exp(x), x) == first and len(calls) == 1
    assert antiderivative(x**3, x) == x**4 / 4 and len(calls) == 2


def test_memo_can_be_bypassed(tmp_path, monkeypatch):
    monkeypatch.setenv("CRANISOTROPY_CACHE", str(tmp_path))
    monkeypatch.setenv("CRANISOTROPY_NO_MEMO", "1")
    calls = []

    @memo.disk_memo
    def f(n):
        calls.append(n)
        return n

    f(1), f(1)
    assert calls == [1, 1] and not memo.memo_dir().exists()
