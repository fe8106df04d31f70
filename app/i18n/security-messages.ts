/** Messages of the hardening work (issue 9): throttling, refused cross-site posts, outages, codes. */
export const securityMessages = {
  'zh-CN': {
    security: {
      signIn: {
        phoneShared: '这个手机号对应多个账号，请用您的用户名登录。',
      },
      crossSite: {
        title: '请求被拒绝',
        body: '这个表单不是从民议网站提交的，为了安全没有处理。请回到民议网站重新操作。',
        home: '返回首页',
      },
      code: {
        throttled: '输错的次数太多，请 {{seconds}} 秒后再试。',
      },
      unavailable: {
        title: '请稍后再试',
        body: '系统暂时连接不上，这次操作还没有完成。请过一会儿再点一次提交，同一份表单不会被重复处理。',
      },
    },
  },
  en: {
    security: {
      signIn: {
        phoneShared: 'Several accounts use this phone number. Please sign in with your username.',
      },
      crossSite: {
        title: 'Request refused',
        body: 'This form was not sent from the Minyi site, so for your safety nothing was done. Please go back to Minyi and try again.',
        home: 'Back to the home page',
      },
      code: {
        throttled: 'Too many wrong codes. Please try again in {{seconds}} seconds.',
      },
      unavailable: {
        title: 'Please try again shortly',
        body: 'The system cannot be reached right now, so this action is not done yet. Please submit again in a moment; the same form is never applied twice.',
      },
    },
  },
};
