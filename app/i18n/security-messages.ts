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
        voterHasAccount: '这位选民有民议账号，请他登录后自己投票，不能为他发投票码。',
        reissueRequested: '这位选民已经有投票码。重新发放的请求已记录，需要另一位选举委员会成员确认后才会发出新码。',
        reissueNeedsSecond: '重新发放需要另一位选举委员会成员确认，不能由您本人确认。',
        reissueTask: '投票码重新发放：{{voter}}（{{requestedBy}} 申请，{{confirmedBy}} 确认），请监督委员会知悉',
      },
      motion: {
        catalogueItemElsewhere: '所选的协商目录事项不属于本社区，请从本社区的目录中选择。',
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
        voterHasAccount: 'This voter has a Minyi account: they vote signed in themselves, so no code can be issued for them.',
        reissueRequested: 'This voter already has a code. The request to re-issue it is recorded; a second election committee member must confirm it before a new code is issued.',
        reissueNeedsSecond: 'A re-issue must be confirmed by another election committee member, not by you.',
        reissueTask: 'Voting code re-issued: {{voter}} (asked by {{requestedBy}}, confirmed by {{confirmedBy}}), for the supervision committee',
      },
      motion: {
        catalogueItemElsewhere: "The catalogue item you chose is not in this community's catalogue. Please choose one of this community's items.",
      },
      unavailable: {
        title: 'Please try again shortly',
        body: 'The system cannot be reached right now, so this action is not done yet. Please submit again in a moment; the same form is never applied twice.',
      },
    },
  },
};
