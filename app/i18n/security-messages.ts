/** Messages of the hardening work (issue 9): throttling, refused cross-site posts, outages, codes. */
export const securityMessages = {
  'zh-CN': {
    security: {
      signIn: {
        phoneShared: '这个手机号对应多个账号，请用您的用户名登录。',
      },
    },
  },
  en: {
    security: {
      signIn: {
        phoneShared: 'Several accounts use this phone number. Please sign in with your username.',
      },
    },
  },
};
