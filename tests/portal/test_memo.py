"""portal.memo.ObjectMemo: one value per objects (by identity) and key."""

from portal.memo import ObjectMemo


def test_a_value_is_kept_for_the_same_objects_and_key_only():
    memo, calls = ObjectMemo(maxsize=8), []
    label, other = ["Beruf"], ["Beruf"]  # equal, but not the same object

    def make(value):
        return lambda: calls.append(value) or value

    assert memo.get((label,), ("de",), make("a")) == "a"
    assert memo.get((label,), ("de",), make("b")) == "a"
    assert memo.get((other,), ("de",), make("c")) == "c"
    assert memo.get((label,), ("en",), make("d")) == "d"
    assert calls == ["a", "c", "d"]


def test_a_full_memo_starts_afresh():
    memo = ObjectMemo(maxsize=2)
    keep = [object() for _ in range(3)]
    for index, obj in enumerate(keep):
        memo.get((obj,), (), lambda index=index: index)
    assert memo.get((keep[0],), (), lambda: "again") == "again"
    assert memo.get((keep[2],), (), lambda: "kept") == 2
