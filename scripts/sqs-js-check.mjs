// An independent client for the emulator's SQS: the AWS SDK for JavaScript
// v3 receives the pushed events, checks their EventBridge envelope, deletes
// them in a batch, and reads the error of a queue that does not exist.
//
//   npm install @aws-sdk/client-sqs
//   ivsdash emulator --listen 127.0.0.1:4599 --simulate &
//   ivsdash events setup --queue-name js --apply --endpoint-url http://127.0.0.1:4599 --region us-east-1
//   node scripts/sqs-js-check.mjs http://127.0.0.1:4599 js
import { SQSClient, ReceiveMessageCommand, DeleteMessageBatchCommand, GetQueueUrlCommand } from "@aws-sdk/client-sqs";

const [endpoint = "http://127.0.0.1:4566", queue = "js"] = process.argv.slice(2);
const c = new SQSClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
const { QueueUrl } = await c.send(new GetQueueUrlCommand({ QueueName: queue }));
const out = await c.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20, MessageSystemAttributeNames: ["All"] }));
const msgs = out.Messages ?? [];
if (msgs.length === 0) throw new Error("no event within 20 s");
const seen = new Set();
for (const m of msgs) {
  const e = JSON.parse(m.Body);
  for (const k of ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]) {
    if (!(k in e)) throw new Error(`event ${m.MessageId} has no ${k}`);
  }
  if (e.source !== "aws.ivs" || !e.detail.event_name) throw new Error(`not an IVS event: ${m.Body}`);
  seen.add(`${e["detail-type"]}: ${e.detail.event_name}`);
}
console.log(`${msgs.length} events: ${[...seen].join("; ")}`);
const d = await c.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
console.log(`deleted ${d.Successful.length}, failed ${(d.Failed ?? []).length}`);
try {
  await c.send(new GetQueueUrlCommand({ QueueName: "no-such-queue" }));
  throw new Error("a missing queue was found");
} catch (e) {
  if (e.name !== "QueueDoesNotExist") throw e;
  console.log(`a missing queue: ${e.name} (HTTP ${e.$metadata.httpStatusCode})`);
}
