/**
 * The functions-framework side of docs/performance.md: a CloudEvent function that receives the
 * event the framework made of the request and does nothing with it. For a Pub/Sub push the
 * framework parses the body and turns it into a `messagePublished` CloudEvent (its legacy Pub/Sub
 * middleware, then the background-event conversion); for a binary-mode CloudEvent it reads the
 * `ce-*` headers and the body. It answers 204 once the function returns. Loaded by the framework's
 * CLI: `functions-framework --target=handle --source=ff-function.js`.
 */
import { cloudEvent, type CloudEvent } from '@google-cloud/functions-framework';

cloudEvent('handle', (event: CloudEvent<unknown>) => {
  if (event.id === '') throw new Error('the event has no id');
});
