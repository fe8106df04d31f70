/** Messages of the one form reader (app/forms.server.ts) and its error page (keys `forms.*`). */
export const formsMessages = {
  'zh-CN': {
    forms: {
      errors: {
        fileNotTaken: '这张表不收文件，请去掉文件再提交',
        oneFile: '这里只能上传一个文件',
        spreadsheetType: '只能上传 Excel（.xlsx）或 CSV 表格文件',
        scanType: '签字单扫描件只能是照片（JPG、PNG、WebP）或 PDF',
      },
      page: {
        tooLargeTitle: '提交的内容太大了',
        tooLarge: '这次提交的内容超过了允许的大小，什么也没有保存。请减少文字或文件（每个文件不超过 10 MB）后再试一次。',
        badRequestTitle: '提交的内容看不懂',
        badRequest: '这次提交的内容格式不对，什么也没有保存。请回到上一页重新填写。',
        unsupportedTitle: '提交的方式不对',
        unsupported: '这次提交的格式不被接受，什么也没有保存。请用页面上的表单提交。',
        forbiddenTitle: '没有权限',
        forbidden: '您没有做这件事的权限，什么也没有改变。',
        notFoundTitle: '找不到这个页面',
        notFound: '这个地址不对，或者内容已经不在了。',
        serverTitle: '出了点问题',
        server: '系统出了点问题，请稍后再试。',
        back: '返回上一页',
        home: '回到首页',
      },
    },
  },
  en: {
    forms: {
      errors: {
        fileNotTaken: 'This form does not take files; please remove the file and submit again',
        oneFile: 'Only one file can be uploaded here',
        spreadsheetType: 'Only Excel (.xlsx) or CSV spreadsheet files can be uploaded',
        scanType: 'The signed sheet scan must be a photo (JPG, PNG, WebP) or a PDF',
      },
      page: {
        tooLargeTitle: 'What you sent is too large',
        tooLarge: 'This submission is larger than allowed, and nothing was saved. Please send less text or smaller files (at most 10 MB each) and try again.',
        badRequestTitle: 'What you sent could not be read',
        badRequest: 'This submission was not in the expected format, and nothing was saved. Please go back and fill in the form again.',
        unsupportedTitle: 'Not sent the expected way',
        unsupported: 'This submission’s format is not accepted, and nothing was saved. Please use the form on the page.',
        forbiddenTitle: 'Not permitted',
        forbidden: 'You are not permitted to do this; nothing was changed.',
        notFoundTitle: 'Page not found',
        notFound: 'This address is wrong, or what it showed is no longer there.',
        serverTitle: 'Something went wrong',
        server: 'Something went wrong on our side; please try again later.',
        back: 'Back to the previous page',
        home: 'Back to the home page',
      },
    },
  },
} as const;
