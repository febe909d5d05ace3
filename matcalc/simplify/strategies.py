"""A few strategy combinators, after sympy/strategies: rules are small functions e → e that
return `e` itself (the same object, or an equal one) when they do not apply.

    do_one(r1, r2, ...)   the first rule that changes the expression
    chain(r1, r2, ...)    every rule in turn
    exhaust(r)            r until nothing changes
    typed({Type: r})      the rule registered for the node's type
    logged(r, log)        r, recording its name in `log` when it fires
    bottom_up(r)          a normaliser: children first, then r at the node; when r changes
                          the node, the result is normalised again (innermost rewriting)
    memoised(f, memo)     f with its results kept per node (structural equality)
"""
from __future__ import annotations

from ..core.deadline import check_time
from ..core.expr import Expr, postorder, rebuild


def changed(new: Expr, old: Expr) -> bool:
    """Did a rule rewrite `old`? (Rules may rebuild an equal tree.)"""
    return new is not old and new != old


def do_one(*rules):
    """Apply the first rule that changes the expression."""
    def do_one_rule(e):
        for rule in rules:
            new = rule(e)
            if new is not e and new != e:
                return new
        return e
    return do_one_rule


def chain(*rules):
    """Apply each rule in turn, each to the result of the one before."""
    def chain_rule(e):
        for rule in rules:
            e = rule(e)
        return e
    return chain_rule


def exhaust(rule, limit: int = 1000):
    """Apply `rule` until it changes nothing (at most `limit` times)."""
    def exhaustive_rule(e):
        for _ in range(limit):
            check_time("simplification")
            new = rule(e)
            if not changed(new, e):
                return e
            e = new
        raise RuntimeError(f"{getattr(rule, '__name__', rule)} did not settle after "
                           f"{limit} rewrites")
    return exhaustive_rule


def typed(table: dict):
    """Dispatch on the node's type; types without an entry are left alone."""
    def typed_rule(e):
        rule = table.get(type(e))
        return e if rule is None else rule(e)
    return typed_rule


def logged(rule, log):
    """`rule`, appending its name to `log` (once) whenever it fires."""
    if log is None:
        return rule
    name = getattr(rule, "__name__", repr(rule))

    def logged_rule(e):
        new = rule(e)
        if changed(new, e) and name not in log:
            log.append(name)
        return new
    logged_rule.__name__ = name
    logged_rule.__doc__ = rule.__doc__
    return logged_rule


def memoised(fn, memo: dict):
    """`fn` with its result remembered per node (nodes hash and compare structurally)."""
    def memo_fn(e):
        out = memo.get(e)
        if out is None:
            out = memo[e] = fn(e)
        return out
    return memo_fn


class RewriteLoop(RuntimeError):
    """The rules rewrote an expression back into one still being normalised."""


def bottom_up(rule, memo: dict | None = None, settled=None):
    """The normaliser of `rule`: normalise the children, apply `rule` at the node, and when
    it rewrites the node normalise the result again (innermost rewriting). Results are
    memoised in `memo`, and a normal form is recorded as its own normal form; equal normal
    forms are one object. `settled(e)`, if given, is the normal form of the nodes another
    normaliser settles (None for the others): it must be a fixed point of `rule` (e.g. a
    normal form under a superset of its rules).

    The rules are meant to terminate by design (simplify/__init__.py states the order they
    decrease). If they nevertheless rewrite an expression back into one still being
    normalised, that is a bug in the rules: RewriteLoop is raised, always."""
    memo = {} if memo is None else memo
    active: set = set()

    def normal(e):
        out = memo.get(e)
        if out is not None:
            return out
        check_time("simplification")
        if settled is not None:
            out = settled(e)
            if out is not None:
                memo[e] = out
                return out
        size = len(active)
        active.add(e)
        if len(active) == size:
            raise RewriteLoop(f"the simplifier's rules loop on {e!r}")
        kids = e
        try:
            children = e.children
            if children:                # map_children(normal, e), a child's memo read here
                new = [memo.get(k) or normal(k) for k in children]
                for a, b in zip(new, children):
                    if a is not b:
                        kids = rebuild(e, tuple(new))
                        break
            out = None if kids is e else memo.get(kids)
            if out is None:
                if kids is not e:
                    active.add(kids)
                new = rule(kids)
                out = kids if new is kids or new == kids else normal(new)
        finally:
            active.discard(e)
            if kids is not e:
                active.discard(kids)
        canonical = memo.get(out)
        if canonical is None:                   # one object per normal form: later
            memo[out] = canonical = out         # equality tests stop at `is`
        memo[e] = canonical
        return canonical

    def normalise(e):
        """normal(e); if `e` is too deep to recurse through, its subtrees first
        (E.postorder), so that the recursion stays as deep as a rewrite's result."""
        try:
            return normal(e)
        except RecursionError:
            active.clear()
            for x in postorder(e):
                normal(x)
            return normal(e)
    return normalise
