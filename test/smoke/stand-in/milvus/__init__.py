"""A stand-in for pymilvus's `milvus` package (the API of milvus-io/pymilvus v0.2.14 / v1.1.2
`milvus/client/stub.py` that the smoke test uses), keeping collections in memory.

Behaviour is steered by the environment so tests can break one step at a time:
  FAKE_MILVUS_UNREACHABLE=N   the first N connections raise (Mishards still starting)
  FAKE_MILVUS_FAIL=STEP       that call returns a failed Status (e.g. insert, search, flush)
  FAKE_MILVUS_RAISE=STEP      that call raises
  FAKE_MILVUS_WRONG_HIT=K     the K-th query (0-based) of a search returns another vector
  FAKE_MILVUS_LOSE=N          count_entities reports N fewer entities
  FAKE_MILVUS_LOG=FILE        every call is appended to FILE, one JSON line each
"""
import json
import os


class IndexType:
    FLAT = 1
    IVFLAT = 2
    IVF_FLAT = IVFLAT


class MetricType:
    L2 = 1
    IP = 2


class Status:
    SUCCESS = 0
    UNEXPECTED_ERROR = 1

    def __init__(self, code=SUCCESS, message="Success"):
        self.code = code
        self.message = message

    def OK(self):
        return self.code == Status.SUCCESS

    def __repr__(self):
        return "Status(code={}, message={})".format(self.code, self.message)


class QueryResult:
    def __init__(self, _id, distance):
        self.id = _id
        self.distance = distance


_COLLECTIONS = {}
_CONNECTIONS = [0]


def _log(call, **args):
    path = os.environ.get("FAKE_MILVUS_LOG")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(dict(call=call, **args)) + "\n")


def _step(name):
    if os.environ.get("FAKE_MILVUS_RAISE") == name:
        raise RuntimeError("<_Rendezvous of RPC that terminated with StatusCode.UNAVAILABLE> in " + name)
    if os.environ.get("FAKE_MILVUS_FAIL") == name:
        return Status(Status.UNEXPECTED_ERROR, name + " rejected by the stand-in")
    return Status()


class Milvus:
    def __init__(self, host=None, port=None, handler="GRPC", pool="SingletonThread", **kwargs):
        _CONNECTIONS[0] += 1
        _log("connect", host=host, port=port, **kwargs)
        if _CONNECTIONS[0] <= int(os.environ.get("FAKE_MILVUS_UNREACHABLE", "0")):
            raise RuntimeError("Fail connecting to server on {}:{}. Timeout".format(host, port))

    def has_collection(self, collection_name, timeout=30):
        _log("has_collection", name=collection_name)
        return _step("has_collection"), collection_name in _COLLECTIONS

    def create_collection(self, param, timeout=30):
        _log("create_collection", param=param)
        status = _step("create_collection")
        if status.OK():
            _COLLECTIONS[param["collection_name"]] = {"dim": param["dimension"], "rows": {}}
        return status

    def insert(self, collection_name, records, ids=None, partition_tag=None, params=None, timeout=None, **kwargs):
        _log("insert", name=collection_name, count=len(records))
        status = _step("insert")
        if not status.OK():
            return status, []
        rows = _COLLECTIONS[collection_name]["rows"]
        for i, v in zip(ids, records):
            rows[i] = v
        return status, list(ids)

    def flush(self, collection_name_array=None, timeout=None, **kwargs):
        _log("flush", names=collection_name_array)
        return _step("flush")

    def count_entities(self, collection_name, timeout=30):
        _log("count_entities", name=collection_name)
        return _step("count_entities"), len(_COLLECTIONS[collection_name]["rows"]) - int(os.environ.get("FAKE_MILVUS_LOSE", "0"))

    def create_index(self, collection_name, index_type=None, params=None, timeout=None, **kwargs):
        _log("create_index", name=collection_name, index_type=index_type, params=params)
        return _step("create_index")

    def search(self, collection_name, top_k, query_records, partition_tags=None, params=None, timeout=None, **kwargs):
        _log("search", name=collection_name, top_k=top_k, count=len(query_records), params=params)
        status = _step("search")
        if not status.OK():
            return status, None
        rows = _COLLECTIONS[collection_name]["rows"]
        wrong = int(os.environ.get("FAKE_MILVUS_WRONG_HIT", "-1"))
        results = []
        for k, q in enumerate(query_records):
            ranked = sorted(rows.items(), key=lambda item: sum((a - b) ** 2 for a, b in zip(item[1], q)))
            if k == wrong:
                ranked = ranked[1:]
            results.append([QueryResult(i, sum((a - b) ** 2 for a, b in zip(v, q))) for i, v in ranked[:top_k]])
        return status, results

    def drop_collection(self, collection_name, timeout=30):
        _log("drop_collection", name=collection_name)
        status = _step("drop_collection")
        if status.OK():
            del _COLLECTIONS[collection_name]
        return status
