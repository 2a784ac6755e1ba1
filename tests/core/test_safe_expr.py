"""The restricted formula parser refuses everything but arithmetic on whitelisted names."""
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from cranisotropy.core.safe_expr import MAX_LENGTH, ExpressionError, parse_expression

mu = sp.Symbol("mu", real=True)
SYMBOLS = {"mu": mu}


@pytest.mark.parametrize("text, expected", [
    ("1", sp.Integer(1)),
    ("1 + 0.3*mu**2", 1 + sp.Rational(3, 10) * mu**2),
    ("mu^2", mu**2),
    ("1 + 0.3*mu^2", 1 + sp.Rational(3, 10) * mu**2),  # '^' binds like '**', not like xor
    ("2*mu^2^3", 2 * mu**8),
    ("abs(mu)**(2/3)", sp.Abs(mu) ** sp.Rational(2, 3)),
    ("sign(mu)*abs(mu)**(1/3)", sp.sign(mu) * sp.Abs(mu) ** sp.Rational(1, 3)),
    ("besselj(1, 2*mu)", sp.besselj(1, 2 * mu)),
    ("sqrt(1 - mu**2) * exp(-mu) / pi", sp.sqrt(1 - mu**2) * sp.exp(-mu) / sp.pi),
    ("ifelse(mu < 0, 1, 2)", sp.Piecewise((1, mu < 0), (2, True))),
    ("1e-3 * mu", sp.Rational(1, 1000) * mu),
    ("-(mu)", -mu),
    ("mu", mu),
])
def test_accepted(text, expected):
    assert parse_expression(text, SYMBOLS) == expected


@pytest.mark.parametrize("text, reason", [
    ("__import__('os').system('true')", "only calls of whitelisted functions"),
    ("__import__('os')", "function '__import__' is not allowed"),
    ("__builtins__", "names starting with '_'"),
    ("mu.__class__", "Attribute"),
    ("lambda: 1", "Lambda"),
    ("open('x')", "function 'open' is not allowed"),
    ("x + 1", "unknown name 'x'"),
    ("mu[0]", "Subscript"),
    ("'text'", "only numeric literals"),
    ("exp(x=1)", "keyword"),
    ("exp(*mu)", "argument"),
    ("[mu]", "List"),
    ("mu if mu else 1", "IfExp"),
    ("9**9**9**9", "too large"),
    ("mu**100000", "exponent larger"),
    ("1/0", "division by zero"),
    ("mu < 1", "condition"),
    ("mu +", "cannot parse"),
    ("", "empty"),
    ("True", "only numeric literals"),
    ("besselj(0.5, mu)", "non-negative integer"),
    ("exp(mu)(1)", "only calls of whitelisted functions"),
])
def test_refused(text, reason):
    with pytest.raises(ExpressionError, match=reason):
        parse_expression(text, SYMBOLS)


def test_overlong_text_is_refused_before_parsing():
    with pytest.raises(ExpressionError, match="characters long"):
        parse_expression("mu+" * MAX_LENGTH + "1", SYMBOLS)


def test_refused_text_is_never_evaluated(tmp_path, monkeypatch):
    """The classic payloads do nothing: no file is created, no function is called."""
    monkeypatch.chdir(tmp_path)
    for payload in ["__import__('os').system('touch pwned')", "open('pwned', 'w')",
                    "exec(\"open('pwned','w')\")", "eval('1')", "getattr(mu, '__class__')"]:
        with pytest.raises(ExpressionError):
            parse_expression(payload, SYMBOLS)
    assert not (tmp_path / "pwned").exists()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_either_parses_to_sympy_or_raises_expression_error(text):
    try:
        result = parse_expression(text, SYMBOLS)
    except ExpressionError:
        return
    assert isinstance(result, sp.Expr)
    assert result.free_symbols <= {mu}
