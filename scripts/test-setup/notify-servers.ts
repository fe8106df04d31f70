/**
 * The notification tests' real protocol servers (decision 041): the local Aliyun SMS API (checks
 * every signature) and an SMTP server, with the environment that points the worker's channels at
 * them. One template code per notice kind, as the README's MINYI_ALIYUN_SMS_TEMPLATES asks.
 */
import { NOTICE_KINDS } from '../../domain/notify/plan';
import { startAliyunSmsServer } from './aliyun-sms-server';
import { startSmtpServer } from './smtp-test-server';

export const TEMPLATES: Record<(typeof NOTICE_KINDS)[number] | 'confirm', string> = Object.fromEntries(
  [...NOTICE_KINDS, 'confirm'].map((k, i) => [k, `SMS_${100001 + i}`]),
) as never;

export async function startNotifyServers() {
  const sms = await startAliyunSmsServer({ accessKeyId: 'LTAI-test', accessKeySecret: 'test-secret-民议', templates: Object.values(TEMPLATES) });
  const smtp = await startSmtpServer();
  Object.assign(process.env, {
    MINYI_ALIYUN_ACCESS_KEY_ID: 'LTAI-test',
    MINYI_ALIYUN_ACCESS_KEY_SECRET: 'test-secret-民议',
    MINYI_ALIYUN_SMS_SIGN_NAME: '民议社区',
    MINYI_ALIYUN_SMS_TEMPLATES: JSON.stringify(TEMPLATES),
    MINYI_ALIYUN_SMS_ENDPOINT: sms.endpoint,
    MINYI_SMTP_URL: smtp.url,
    MINYI_MAIL_FROM: '民议 <notify@minyi.test>',
    MINYI_NOTIFY_RETRY_BASE_MS: '200',
  });
  return {
    sms,
    smtp,
    async close() {
      await sms.close();
      await smtp.close();
    },
  };
}
