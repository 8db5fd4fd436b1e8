"""Places three orders on the orders topic: python3-avro for the body, confluent-kafka to send.

Usage: python3 producer.py BOOTSTRAP_SERVERS ORDER_EVENT_AVSC ORDER_PREFIX
"""

import datetime
import io
import json
import sys
import uuid
from decimal import Decimal

import avro.io
import avro.schema
from confluent_kafka import Producer

PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
CENT = Decimal("0.01")  # decimal(18,2): the scale every amount must have before it is written


def canonical(schema, namespace=None):
    """The schema in Avro's Parsing Canonical Form, as JSON values (the specification's rules).

    python3-avro's own canonical_form keeps logical types as {"type": "long"}, which gives another
    fingerprint than the specification's "long": do not use it.
    """
    if isinstance(schema, list):
        return [canonical(branch, namespace) for branch in schema]
    if isinstance(schema, str):
        return schema if schema in PRIMITIVES else full_name(schema, namespace)
    kind = schema["type"]
    if not isinstance(kind, str) or kind in PRIMITIVES:
        return canonical(kind, namespace)  # drops logicalType, precision, scale, doc...
    if kind == "array":
        return {"type": "array", "items": canonical(schema["items"], namespace)}
    if kind == "map":
        return {"type": "map", "values": canonical(schema["values"], namespace)}
    if kind not in ("record", "enum", "fixed"):
        return full_name(kind, namespace)  # a reference to a named type
    name = full_name(schema["name"], schema.get("namespace", namespace))
    form = {"name": name, "type": kind}
    if kind == "record":
        inner = name.rpartition(".")[0] or None
        form["fields"] = [
            {"name": field["name"], "type": canonical(field["type"], inner)} for field in schema["fields"]
        ]
    elif kind == "enum":
        form["symbols"] = schema["symbols"]
    else:
        form["size"] = schema["size"]
    return form


def full_name(name, namespace):
    return name if "." in name or not namespace else namespace + "." + name


def crc64_avro(data):
    """CRC-64-AVRO, the fingerprint of Avro's specification."""
    fingerprint = 0xC15D213AA4D7A795
    for byte in data:
        fingerprint = (fingerprint >> 8) ^ TABLE[(fingerprint ^ byte) & 0xFF]
    return fingerprint


def _table():
    table = []
    for i in range(256):
        value = i
        for _ in range(8):
            value = (value >> 1) ^ (0xC15D213AA4D7A795 & -(value & 1))
        table.append(value)
    return table


TABLE = _table()


def main(bootstrap, schema_path, prefix):
    with open(schema_path, encoding="utf-8") as f:
        schema_json = json.load(f)
    form = json.dumps(canonical(schema_json), separators=(",", ":"), ensure_ascii=False)
    fingerprint = crc64_avro(form.encode("utf-8"))
    header = b"\xc3\x01" + fingerprint.to_bytes(8, "little")
    print(f"writer schema fingerprint {fingerprint:#018x}")
    writer = avro.io.DatumWriter(avro.schema.parse(json.dumps(schema_json)))

    # murmur2_random: Java's partitioner (murmur2 of the key bytes); librdkafka's default is CRC32.
    producer = Producer(
        {"bootstrap.servers": bootstrap, "partitioner": "murmur2_random", "enable.idempotence": True}
    )
    failures = []

    def delivered(error, message):
        if error is not None:
            failures.append(f"{message.key().decode()}: {error}")
        else:
            print(f"{message.key().decode()} partition {message.partition()} offset {message.offset()}")

    for number, amount in enumerate([Decimal("12.5"), Decimal("12"), Decimal("0.5")], start=1):
        order_id = f"{prefix}-{number}"
        event = {
            "eventId": str(uuid.uuid4()),
            "orderId": order_id,
            "customerId": f"{prefix}-customer",
            "type": "PLACED",
            "occurredAt": datetime.datetime.now(datetime.timezone.utc),
            # python3-avro writes a Decimal's digits as they are: 12.5 not quantized is read as 1.25.
            "amount": amount.quantize(CENT),
            "currency": "EUR",
            "items": [{"sku": "sku-1", "quantity": 2, "unitPrice": (amount / 2).quantize(CENT)}],
        }
        body = io.BytesIO()
        writer.write(event, avro.io.BinaryEncoder(body))
        key = order_id.encode("utf-8")
        producer.produce("orders", key=key, value=header + body.getvalue(), on_delivery=delivered)
    unsent = producer.flush(30)
    if unsent:
        failures.append(f"{unsent} records still unsent after 30 s")
    if failures:
        sys.exit("not sent: " + "; ".join(failures))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(*sys.argv[1:])
