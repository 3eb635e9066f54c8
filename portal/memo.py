"""Values worked out from objects that outlive the requests using them (a form field that
every finder form shares, a lazy label of a choice), kept per those objects."""


class ObjectMemo:
    """``make()``'s value per ``objects`` (by identity) and ``key`` (plain values), up to
    ``maxsize`` entries, then started afresh.

    An entry holds its objects, so while it is kept no other object can take one of
    their ids; an object that is a new one each time (a form's own copy) finds nothing
    kept and gets its value worked out again.
    """

    def __init__(self, maxsize):
        self._entries = {}
        self._maxsize = maxsize

    def get(self, objects, key, make):
        entry_key = (*(id(obj) for obj in objects), *key)
        entry = self._entries.get(entry_key)
        if entry is not None and all(
            kept is obj for kept, obj in zip(entry[0], objects, strict=True)
        ):
            return entry[1]
        value = make()
        if len(self._entries) >= self._maxsize:
            self._entries.clear()
        self._entries[entry_key] = (objects, value)
        return value
