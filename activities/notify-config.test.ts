import { notifyConfig, smsReachesRealPhones } from './notify-config';
import { NOTICE_KINDS } from '../domain/notify/plan';

const templates = JSON.stringify(Object.fromEntries([...NOTICE_KINDS, 'confirm'].map((k, i) => [k, `SMS_${100 + i}`])));
const env = (e: Record<string, string>) => e as unknown as NodeJS.ProcessEnv;
const aliyun = { MINYI_ALIYUN_ACCESS_KEY_ID: 'id', MINYI_ALIYUN_ACCESS_KEY_SECRET: 'secret', MINYI_ALIYUN_SMS_SIGN_NAME: '民议', MINYI_ALIYUN_SMS_TEMPLATES: templates };

describe('which SMS reaches real phones (demo data must not be texted)', () => {
  it('no provider, or the provider on this machine: no', () => {
    expect(smsReachesRealPhones(notifyConfig(env({})))).toBe(false);
    expect(smsReachesRealPhones(notifyConfig(env({ ...aliyun, MINYI_ALIYUN_SMS_ENDPOINT: 'http://127.0.0.1:43117/' })))).toBe(false);
    expect(smsReachesRealPhones(notifyConfig(env({ ...aliyun, MINYI_ALIYUN_SMS_ENDPOINT: 'http://localhost:9/' })))).toBe(false);
  });
  it('the real provider, by default or named: yes', () => {
    expect(notifyConfig(env(aliyun)).sms).not.toBeNull();
    expect(smsReachesRealPhones(notifyConfig(env(aliyun)))).toBe(true);
    expect(smsReachesRealPhones(notifyConfig(env({ ...aliyun, MINYI_ALIYUN_SMS_ENDPOINT: 'https://sms.example.cn/' })))).toBe(true);
  });
});
