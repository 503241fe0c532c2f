import { createPubSubClient, deadLetterTopic } from '../src/source/pubsub-client';
async function main() {
  const pubsub = createPubSubClient({ projectId: 'p', emulatorHost: '127.0.0.1:9' });
  const topic = deadLetterTopic(pubsub, 'projects/p/topics/t', { publishTimeoutMs: 10_000 });
  const t = performance.now();
  try { await topic.publish({ data: Buffer.from('x'), attributes: {} }); } catch (e: any) {
    console.log('ms', Math.round(performance.now() - t), 'code', e.code, 'len', e.message.length);
    console.log(e.message);
  }
  await pubsub.close();
}
void main();
