// Places three orders on the orders topic: avsc for the body, kafkajs to send.
// Usage: node producer.mjs BOOTSTRAP_SERVERS ORDER_EVENT_AVSC ORDER_PREFIX
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import avro from 'avsc';
import { Kafka, Partitioners, logLevel } from 'kafkajs';

/** Avro's decimal on bytes: amounts are decimal strings ("12.5"), rescaled exactly to the schema's scale. */
class Decimal extends avro.types.LogicalType {
  constructor(schema, opts) {
    super(schema, opts);
    this.scale = schema.scale || 0;
  }

  _toValue(amount) {
    const parts = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount));
    if (!parts || (parts[3] || '').length > this.scale) {
      return undefined; // not a decimal of at most `scale` fraction digits: avsc refuses to write it
    }
    const unscaled = BigInt(parts[1] + parts[2] + (parts[3] || '').padEnd(this.scale, '0'));
    const bytes = []; // big-endian two's complement, as short as it can be
    let rest = unscaled;
    do {
      bytes.unshift(Number(rest & 0xffn));
      rest >>= 8n;
    } while (!((rest === 0n && bytes[0] < 0x80) || (rest === -1n && bytes[0] >= 0x80)));
    return Buffer.from(bytes);
  }

  _fromValue(buffer) {
    let unscaled = buffer.length > 0 && buffer[0] >= 0x80 ? -1n : 0n;
    for (const byte of buffer) {
      unscaled = (unscaled << 8n) | BigInt(byte);
    }
    const sign = unscaled < 0n ? '-' : '';
    const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(this.scale + 1, '0');
    if (this.scale === 0) {
      return sign + digits;
    }
    return `${sign}${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
  }
}

const EMPTY = 0xc15d213aa4d7a795n;
const TABLE = Array.from({ length: 256 }, (_, i) => {
  let value = BigInt(i);
  for (let bit = 0; bit < 8; bit++) {
    value = (value >> 1n) ^ (EMPTY & -(value & 1n));
  }
  return value;
});

/** CRC-64-AVRO, the fingerprint of Avro's specification. */
function crc64Avro(bytes) {
  let fingerprint = EMPTY;
  for (const byte of bytes) {
    fingerprint = (fingerprint >> 8n) ^ TABLE[Number((fingerprint ^ BigInt(byte)) & 0xffn)];
  }
  return fingerprint;
}

const [bootstrap, schemaPath, prefix] = process.argv.slice(2);
if (!prefix) {
  console.error('usage: node producer.mjs BOOTSTRAP_SERVERS ORDER_EVENT_AVSC ORDER_PREFIX');
  process.exit(2);
}
const type = avro.Type.forSchema(JSON.parse(readFileSync(schemaPath, 'utf8')), {
  logicalTypes: { decimal: Decimal },
});
// type.schema() is the Parsing Canonical Form: no logicalType, doc or default.
const fingerprint = crc64Avro(Buffer.from(JSON.stringify(type.schema()), 'utf8'));
const header = Buffer.alloc(10);
header.writeUInt8(0xc3, 0);
header.writeUInt8(0x01, 1);
header.writeBigUInt64LE(fingerprint, 2);
console.log(`writer schema fingerprint 0x${fingerprint.toString(16).padStart(16, '0')}`);

const kafka = new Kafka({
  clientId: 'orders-producer-example',
  brokers: bootstrap.split(','),
  logLevel: logLevel.WARN,
});
// DefaultPartitioner: murmur2 of the key bytes, as Java's (kafkajs 2.x; LegacyPartitioner is not).
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
await producer.connect();
try {
  const orders = [
    { amount: '12.5', unitPrice: '6.25' },
    { amount: '12', unitPrice: '6' },
    { amount: '0.5', unitPrice: '0.25' },
  ];
  for (const [index, { amount, unitPrice }] of orders.entries()) {
    const orderId = `${prefix}-${index + 1}`;
    const event = {
      eventId: randomUUID(),
      orderId,
      customerId: `${prefix}-customer`,
      type: 'PLACED',
      occurredAt: Date.now(),
      amount,
      currency: 'EUR',
      items: [{ sku: 'sku-1', quantity: 2, unitPrice }],
    };
    const value = Buffer.concat([header, type.toBuffer(event)]);
    const key = Buffer.from(orderId, 'utf8');
    const [sent] = await producer.send({ topic: 'orders', acks: -1, messages: [{ key, value }] });
    console.log(`${orderId} partition ${sent.partition} offset ${sent.baseOffset}`);
  }
} finally {
  await producer.disconnect();
}
