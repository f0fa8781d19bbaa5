// In its own file: the SDK emits its Node-version warning at most once per module registry, so
// this must be the first SDK client created here.
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { startLocalAws } from '@batch/local-aws';

it('silences the SDK Node-version warning when the switch is unset', async () => {
  const saved = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    const aws = await startLocalAws({ services: ['sqs'] });
    await aws.sqs.client().send(new ListQueuesCommand({}));
    await aws.stop();
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    expect(emitWarning.mock.calls.filter(([warning]) => String(warning).includes('NodeVersionSupportWarning'))).toEqual([]);
  } finally {
    emitWarning.mockRestore();
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = saved;
  }
});
