/**
 * The smoke test's Python program, run by the smoke-test Job inside the Mishards image, whose
 * pymilvus is the client matching the release: milvus-io/milvus `shards/requirements.txt` pins
 * `pymilvus==0.2.14` / `0.2.15` on the 0.10 line (pymilvus's README: 0.10.0 → 0.2.13,
 * 0.10.1–0.10.4 → 0.2.14, 0.10.5+ → 0.2.15), and Mishards 1.1 talks to 1.1 nodes through the same
 * package, which accepts only `1.1.x` servers from pymilvus 1.1.0 on (`milvus/client/pool.py`,
 * `support_versions`). Every call used here has the same signature and return shape in
 * milvus-io/pymilvus tags v0.2.14, v0.2.15 and v1.1.2 (`milvus/client/stub.py`): `create_collection`
 * → Status, `insert` → (Status, ids), `flush`/`create_index`/`drop_collection` → Status,
 * `count_entities` → (Status, int), `search` → (Status, TopKQueryResult of `.id`/`.distance` hits).
 *
 * It connects through the Mishards Service as an external client does, works on a collection of
 * its own, checks that every vector finds itself, drops the collection whatever happened, and
 * exits 0, or 1 with the step that failed. No network access beyond Mishards, no pip.
 *
 * Tested against a stand-in `milvus` module in test/smoke/ (python3); it also passed against the
 * real client code of pymilvus v0.2.14 and v1.1.2 over gRPC with a fake server (not part of CI).
 */
export const SMOKE_TEST_SCRIPT = String.raw`"""cdk8s-milvus smoke test: one collection through Mishards, end to end."""
import os
import random
import socket
import sys
import time

from milvus import IndexType, Milvus, MetricType

HOST = os.environ["MILVUS_HOST"]
PORT = int(os.environ.get("MILVUS_PORT", "19530"))
DEADLINE = time.time() + float(os.environ.get("SMOKE_CONNECT_TIMEOUT_SECONDS", "300"))
RETRY_SECONDS = float(os.environ.get("SMOKE_RETRY_SECONDS", "5"))
# The client's own wait per connection attempt (pymilvus waits 30 s x 3 tries by default).
ATTEMPT_SECONDS = 10
DIM = 16
COUNT = 200
NLIST = 4  # searching every list (nprobe = nlist) makes IVF_FLAT exact: each vector must find itself


class SmokeFailure(Exception):
    pass


def say(message):
    print(message, flush=True)


def ok(step, status):
    if not status.OK():
        raise SmokeFailure("{} failed: {}".format(step, status))


def new_client():
    try:
        # wait_timeout and max_retry reach the connection pool in pymilvus 0.2.14 and 1.1.2 (_pool_args).
        return Milvus(host=HOST, port=PORT, wait_timeout=ATTEMPT_SECONDS, max_retry=1)
    except TypeError:  # a client that does not take them
        return Milvus(host=HOST, port=PORT)


def connect():
    """Mishards may still be starting: retry until the deadline."""
    attempt = 0
    while True:
        attempt += 1
        try:
            client = new_client()
            status, _ = client.has_collection("smoke_test_probe")
            ok("has_collection", status)
            return client
        except Exception as error:  # the client raises on connection errors
            if time.time() > DEADLINE:
                raise SmokeFailure("no working connection to Mishards at {}:{} after {} attempts; last error: {}".format(HOST, PORT, attempt, error))
            time.sleep(RETRY_SECONDS)


def run(client, name):
    rng = random.Random(name)
    vectors = [[rng.random() for _ in range(DIM)] for _ in range(COUNT)]
    ids = list(range(1, COUNT + 1))
    ok("create_collection", client.create_collection({
        "collection_name": name, "dimension": DIM, "index_file_size": 32, "metric_type": MetricType.L2,
    }))
    say("created collection {}".format(name))
    status, inserted = client.insert(collection_name=name, records=vectors, ids=ids)
    ok("insert", status)
    if list(inserted) != ids:
        raise SmokeFailure("insert returned ids {}..., expected 1..{}".format(list(inserted)[:3], COUNT))
    ok("flush", client.flush([name]))
    status, count = client.count_entities(name)
    ok("count_entities", status)
    if count != COUNT:
        raise SmokeFailure("count_entities is {} after flushing {} vectors".format(count, COUNT))
    say("inserted and flushed {} vectors".format(COUNT))
    ok("create_index", client.create_index(name, IndexType.IVF_FLAT, {"nlist": NLIST}))
    say("built an IVF_FLAT index")
    status, results = client.search(collection_name=name, top_k=1, query_records=vectors, params={"nprobe": NLIST})
    ok("search", status)
    if len(results) != COUNT:
        raise SmokeFailure("search returned {} result lists for {} queries".format(len(results), COUNT))
    wrong = [i for i, hits in zip(ids, results) if len(hits) == 0 or hits[0].id != i]
    if wrong:
        raise SmokeFailure("{} of {} vectors did not find themselves (ids {})".format(len(wrong), COUNT, wrong[:5]))
    say("every vector found itself")


def main():
    # A name of its own: never touches a user's collection, and two runs never share one.
    name = "smoke_test_{}_{}".format(socket.gethostname().replace("-", "_"), int(time.time()))[:200]
    client = None
    failure = None
    try:
        client = connect()
        say("connected to Mishards at {}:{}".format(HOST, PORT))
        run(client, name)
    except SmokeFailure as error:
        failure = str(error)
    except Exception as error:
        failure = "unexpected error: {!r}".format(error)
    if client is not None:
        try:
            status, exists = client.has_collection(name)
            if status.OK() and exists:
                ok("drop_collection", client.drop_collection(name))
                say("dropped collection {}".format(name))
        except Exception as error:
            failure = failure or "cannot drop collection {}: {!r}".format(name, error)
    if failure:
        say("SMOKE TEST FAILED: " + failure)
        return 1
    say("SMOKE TEST PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;
