// `npm run redrive -- QUEUE`: moves every message in QUEUE's dead-letter queue back to QUEUE once,
// after the cause was fixed.
//   Locally: uses the running `npm start` store when there is one (its pollers pick the messages
//   up at once), else opens the data folder itself.
//   Deployed: `npm run redrive -- QUEUE --dlq-arn ARN` (the stack output `<Queue>DeadLetterQueueArn`)
//   starts an SQS message move task with your AWS credentials and waits for it to finish.
import { SQSClient } from '@aws-sdk/client-sqs';
import { queues } from '#infra/topology';
import { DynamoQueue, dlqName } from '#shared/adapters/local/dynamo-queue';
import { latestRedrive, startRedrive } from '#shared/adapters/aws/sqs-redrive';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamodb/client';
import { startStoreProcess, createTables } from './store';
import { dataDir, runningRuntime } from './data-dir';
import { quietLocalSdk } from '#shared/config/environment';

const [name, flag, arn] = process.argv.slice(2);
const usage = `usage: npm run redrive -- QUEUE [--dlq-arn ARN]   (QUEUE one of: ${Object.keys(queues).join(', ')})`;
if (!name || !(name in queues) || (flag !== undefined && (flag !== '--dlq-arn' || !arn?.startsWith('arn:')))) {
  console.error(`${usage}${name && !(name in queues) ? `\n${name}: no such queue` : ''}`);
  process.exit(2);
}

quietLocalSdk();
if (arn) await redriveInAws(arn);
else await redriveLocally(name);

async function redriveInAws(dlqArn: string): Promise<void> {
  const sqs = new SQSClient({});
  const handle = await startRedrive(sqs, dlqArn);
  console.log(`started moving ${dlqArn} back to ${name} (task ${handle})`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const task = await latestRedrive(sqs, dlqArn);
    if (!task || task.handle !== handle) continue;
    console.log(`${task.status}: ${task.moved} moved${task.toMove !== undefined ? ` of about ${task.toMove}` : ''}${task.failureReason ? ` (${task.failureReason})` : ''}`);
    if (task.status !== 'RUNNING') {
      if (task.status !== 'COMPLETED') process.exitCode = 1;
      break;
    }
  }
  sqs.destroy();
}

async function redriveLocally(queue: string): Promise<void> {
  const dir = dataDir();
  const running = await runningRuntime(dir);
  const own = running ? undefined : await startStoreProcess(dir);
  const client = createDynamoClient(running?.dynamodb ?? own!.endpoint);
  await createTables(client);
  const moved = await new DynamoQueue(createDocumentClient(client)).redrive(queue);
  console.log(`moved ${moved} message${moved === 1 ? '' : 's'} from ${dlqName(queue)} back to ${queue}${running ? ` (runtime at ${running.api} picks them up)` : ' (delivered on the next npm start)'}`);
  client.destroy();
  await own?.close();
}
