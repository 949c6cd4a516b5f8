/**
 * Every word the site shows a reader, keyed, one table per language. Views take a `Strings`
 * table and never hold their own text, so a language is added by adding a table here. Both
 * tables are typed as complete `Strings`: a missing key in either is a compile error.
 */
import type { Category } from "../../domain/categories.ts";
import type { CommentRefusal } from "../../editorial/comments.ts";
import type { ReportRefusal } from "../../editorial/reports.ts";
import type { ErrorReportReason } from "../../store/schema.ts";

export type Language = "en" | "ko";

export type Likelihood = "most-probable" | "possible" | "unlikely";

export interface CommentLimits {
  maxChars: number;
  minIntervalSeconds: number;
  maxPerHour: number;
  pageMaxPerHour: number;
}

export interface Strings {
  /** BCP 47 locale for dates (always shown in UTC). */
  dateLocale: string;
  /** OpenGraph locale (language_TERRITORY). */
  ogLocale: string;
  utc: string;
  skipToContent: string;
  home: string;
  categoriesNav: string;
  categoryName: Record<Category, string>;
  aiAnalysis: string;
  minRead: (minutes: number) => string;
  sourceCount: (n: number) => string;
  sourcesLine: string;
  sourcesHeading: string;
  citationLabel: (n: number) => string;
  published: string;
  updated: string;
  whatChanged: string;
  changeSince: (version: number) => string;
  changeNewSources: (outlets: string[]) => string;
  changeRemovedSources: (outlets: string[]) => string;
  changeClaims: (added: number, removed: number) => string;
  changeKeyFact: (label: string, from: string, to: string) => string;
  changeNewKeyFacts: (labels: string[]) => string;
  changeHeadline: string;
  disclaimer: string;
  claimsVerified: (verified: number, total: number) => string;
  howWeCheck: string;
  unverifiedClaim: string;
  keyFactsHeading: string;
  timelineHeading: string;
  stakeholdersHeading: string;
  interests: string;
  leverage: string;
  outlookHeading: string;
  likelihood: Record<Likelihood, string>;
  signposts: string;
  whatToWatchHeading: string;
  tagsLabel: string;
  thoughtsHeading: string;
  thoughtsIntro: string;
  thoughtsEmpty: string;
  thoughtName: string;
  thoughtText: string;
  thoughtTextHint: (maxChars: number) => string;
  thoughtHoneypot: string;
  thoughtSubmit: string;
  thoughtPosted: string;
  thoughtPending: string;
  thoughtRefused: Record<CommentRefusal, (limits: CommentLimits) => string>;
  reply: string;
  replyTitle: (name: string) => string;
  replySubmit: string;
  backToAnalysis: string;
  repliesLabel: (n: number) => string;
  reportHeading: string;
  reportIntro: string;
  reportReasonLegend: string;
  reportReasons: Record<ErrorReportReason, string>;
  reportDetails: string;
  reportDetailsHint: (maxChars: number) => string;
  reportSource: string;
  reportSourceHint: string;
  reportSubmit: string;
  reportReceived: string;
  reportRefused: Record<ReportRefusal, (limits: { maxPerHour: number; maxChars: number }) => string>;
  versionsHeading: string;
  versionLabel: (version: number) => string;
  versionCurrent: string;
  versionBanner: (version: number, latest: number) => string;
  versionLatestLink: string;
  relatedHeading: string;
  relatedEmpty: string;
  editionHeading: string;
  editionIntro: string;
  editionEnd: string;
  moreIn: (category: string) => string;
  homeEmpty: string;
  categoryEmpty: string;
  categoryIntro: (category: string) => string;
  olderLink: string;
  newestLink: string;
  tagTitle: (tag: string) => string;
  archiveTitle: string;
  archiveIntro: string;
  archiveEmpty: string;
  archiveDayCount: (n: number) => string;
  archiveDayEmpty: string;
  searchLabel: string;
  searchButton: string;
  searchTitle: string;
  searchResultsFor: (query: string) => string;
  searchHint: string;
  searchNoResults: string;
  searchMore: string;
  searchPrevious: string;
  sourcesTitle: string;
  sourcesIntro: string;
  outletArticles: (n: number) => string;
  outletLicence: Record<"full" | "abstract", string>;
  outletPaused: string;
  outletLastArticle: string;
  outletLanguage: string;
  aboutTitle: string;
  aboutIntro: string;
  aboutDoesHeading: string;
  aboutDoes: string[];
  aboutDoesNotHeading: string;
  aboutDoesNot: string[];
  aboutVerifyHeading: string;
  aboutVerify: string[];
  aboutCorrectionsHeading: string;
  aboutCorrections: string[];
  aboutThoughtsHeading: string;
  aboutThoughts: string[];
  feedsLabel: string;
  feedRss: string;
  feedAtom: string;
  feedJson: string;
  feedDescription: (site: string) => string;
  feedCategoryTitle: (site: string, category: string) => string;
  footerAbout: string;
  footerApi: string;
  footerAboutLink: string;
  footerSources: string;
  footerArchive: string;
  notFoundTitle: string;
  notFoundText: string;
  badRequestTitle: string;
  badRequestText: string;
  serverErrorTitle: string;
  serverErrorText: string;
}

const en: Strings = {
  dateLocale: "en-GB",
  ogLocale: "en_US",
  utc: "UTC",
  skipToContent: "Skip to content",
  home: "Home",
  categoriesNav: "Sections",
  categoryName: {
    Politics: "Politics",
    World: "World",
    Business: "Business",
    Technology: "Technology",
    Science: "Science",
    Health: "Health",
    Climate: "Climate",
    Culture: "Culture",
    Sports: "Sports",
    Society: "Society",
  },
  aiAnalysis: "AI Analysis",
  minRead: (n) => `${n} min read`,
  sourceCount: (n) => (n === 1 ? "1 source" : `${n} sources`),
  sourcesLine: "Sources:",
  sourcesHeading: "Sources",
  citationLabel: (n) => `Source ${n}`,
  published: "Published",
  updated: "Updated",
  whatChanged: "What changed",
  changeSince: (v) => `since version ${v}`,
  changeNewSources: (o) => `${o.length === 1 ? "New source" : `${o.length} new sources`}: ${o.join(", ")}`,
  changeRemovedSources: (o) => `No longer cited: ${o.join(", ")}`,
  changeClaims: (a, r) => `${a} ${a === 1 ? "claim" : "claims"} added, ${r} removed`,
  changeKeyFact: (label, from, to) => `${label}: ${from} → ${to}`,
  changeNewKeyFacts: (labels) => `New key facts: ${labels.join(", ")}`,
  changeHeadline: "New headline",
  disclaimer:
    "Generated by AI from the source articles listed on this page. It may contain errors: check anything important against those sources.",
  claimsVerified: (verified, total) =>
    `${verified} of ${total} ${total === 1 ? "claim" : "claims"} verified against sources`,
  howWeCheck: "How we check",
  unverifiedClaim: "not verified",
  keyFactsHeading: "Key facts",
  timelineHeading: "Timeline",
  stakeholdersHeading: "Who wants what",
  interests: "Interests",
  leverage: "Leverage",
  outlookHeading: "Outlook",
  likelihood: {
    "most-probable": "Most probable outcome",
    possible: "Possible",
    unlikely: "Unlikely",
  },
  signposts: "Signs to look for",
  whatToWatchHeading: "What to watch",
  tagsLabel: "Tags",
  thoughtsHeading: "Thoughts",
  thoughtsIntro: "Share a thought on this analysis. Posts with links wait for a moderator.",
  thoughtsEmpty: "No thoughts yet.",
  thoughtName: "Name",
  thoughtText: "Your thought",
  thoughtTextHint: (max) => `Up to ${max} characters.`,
  thoughtHoneypot: "Leave this field empty",
  thoughtSubmit: "Post thought",
  thoughtPosted: "Thank you: your thought is posted below.",
  thoughtPending: "Thank you: your thought contains a link, so it will appear once a moderator has read it.",
  thoughtRefused: {
    empty: () => "Your thought is empty. Write something before posting.",
    "too-long": ({ maxChars }) => `Your thought is too long: keep it to ${maxChars} characters.`,
    "too-fast": ({ minIntervalSeconds }) =>
      `You posted a moment ago. Please wait ${minIntervalSeconds} seconds between thoughts.`,
    "too-many": ({ maxPerHour }) => `You have posted ${maxPerHour} thoughts in the last hour. Please come back later.`,
    "page-busy": () => "This page has received many thoughts in the last hour. Please try again later.",
    duplicate: () => "This thought has already been posted.",
    "reply-invalid": () => "The thought you replied to is not shown on this page any more.",
    spam: () => "This post looks automated and was not accepted.",
    "name-invalid": () => "Please give a name of 1 to 60 characters.",
  },
  reply: "Reply",
  replyTitle: (name) => `Reply to ${name}`,
  replySubmit: "Post reply",
  backToAnalysis: "Back to the analysis",
  repliesLabel: (n) => (n === 1 ? "1 reply" : `${n} replies`),
  reportHeading: "Report an error",
  reportIntro: "Found a mistake? Tell the editors. Reports are read by people and are not published.",
  reportReasonLegend: "What is wrong?",
  reportReasons: {
    "factual-error": "A factual error",
    misleading: "Misleading",
    outdated: "Out of date",
    other: "Something else",
  },
  reportDetails: "What did you find?",
  reportDetailsHint: (max) => `Optional, up to ${max} characters.`,
  reportSource: "Link to a source (optional)",
  reportSourceHint: "An http or https address that shows the correct information.",
  reportSubmit: "Send report",
  reportReceived: "Thank you: your report was sent to the editors.",
  reportRefused: {
    "reason-invalid": () => "Please choose what is wrong.",
    "details-too-long": ({ maxChars }) => `Please keep the details to ${maxChars} characters.`,
    "source-invalid": () => "The source link must be an http or https address.",
    "too-many": ({ maxPerHour }) => `You have sent ${maxPerHour} reports in the last hour. Please come back later.`,
    spam: () => "This report looks automated and was not accepted.",
  },
  versionsHeading: "Version history",
  versionLabel: (v) => `Version ${v}`,
  versionCurrent: "current",
  versionBanner: (v, latest) => `You are reading version ${v}. The current version is ${latest}.`,
  versionLatestLink: "Read the current version",
  relatedHeading: "Related Articles",
  relatedEmpty: "Nothing related yet.",
  editionHeading: "Today's edition",
  editionIntro: "The most important stories of the past day, section by section. Each analysis cites every source.",
  editionEnd: "That is the whole edition. Earlier analyses are in the archive.",
  moreIn: (category) => `More in ${category}`,
  homeEmpty: "No analyses have been published yet.",
  categoryEmpty: "No analyses in this section yet.",
  categoryIntro: (category) => `Analyses in ${category}, newest first.`,
  olderLink: "Older analyses",
  newestLink: "Newest analyses",
  tagTitle: (tag) => `Tagged “${tag}”`,
  archiveTitle: "Archive",
  archiveIntro: "Every published analysis, by the day it was published (UTC).",
  archiveEmpty: "Nothing has been published yet.",
  archiveDayCount: (n) => (n === 1 ? "1 analysis" : `${n} analyses`),
  archiveDayEmpty: "Nothing was published on this day.",
  searchLabel: "Search",
  searchButton: "Search",
  searchTitle: "Search",
  searchResultsFor: (q) => `Results for “${q}”`,
  searchHint: "Search headlines, summaries and the full text of every analysis.",
  searchNoResults: "No analysis matches every word you searched for.",
  searchMore: "More results",
  searchPrevious: "Previous results",
  sourcesTitle: "Sources we read",
  sourcesIntro:
    "Every analysis is written from articles published by these outlets. Each analysis page lists the articles it used, with links.",
  outletArticles: (n) => (n === 1 ? "1 article read" : `${n} articles read`),
  outletLicence: { full: "Full text read", abstract: "Headline and summary only" },
  outletPaused: "Paused",
  outletLastArticle: "Latest article",
  outletLanguage: "Language",
  aboutTitle: "About this site",
  aboutIntro:
    "This site publishes analyses of news stories written by software from articles by the outlets listed on the Sources page. Every analysis is labelled “AI Analysis”.",
  aboutDoesHeading: "What the AI does",
  aboutDoes: [
    "Groups articles from different outlets that report the same event into one story.",
    "Writes an analysis of the story: background, who wants what, the likely outcomes and what to watch.",
    "Cites, for every factual sentence, the source article and the passage that supports it.",
    "Places each analysis in one fixed section and estimates its reading time.",
  ],
  aboutDoesNotHeading: "What it does not do",
  aboutDoesNot: [
    "It does not report: it only uses what the listed articles say.",
    "It does not write web addresses or invent sources: citations are resolved by the site.",
    "It does not know what happened after the source articles were published.",
    "It does not personalise the site: every reader sees the same pages.",
  ],
  aboutVerifyHeading: "How claims are checked",
  aboutVerify: [
    "Before publication, every claim is checked against the passages it cites: the numbers, dates, names and quotations in the claim must appear in them, quotations word for word.",
    "A claim that fails is repaired once or removed. An analysis with too many failures waits for an editor instead of being published.",
    "Each analysis shows how many of its claims passed, and marks any that did not.",
  ],
  aboutCorrectionsHeading: "Corrections",
  aboutCorrections: [
    "Use “Report an error” at the end of an analysis to tell the editors about a mistake; say what is wrong and, if you can, link to a source.",
    "When a story develops or an error is fixed, the analysis is rewritten as a new version. The page shows when it was updated and lists every earlier version that was published.",
  ],
  aboutThoughtsHeading: "Thoughts",
  aboutThoughts: [
    "Readers can post Thoughts under an analysis and reply to them. Posts with links wait for a moderator; spam and abuse are removed.",
    "We store the name you give and your text. Your network address is never stored: only a keyed fingerprint of it, to limit how often one address can post.",
  ],
  feedsLabel: "Feeds",
  feedRss: "RSS",
  feedAtom: "Atom",
  feedJson: "JSON Feed",
  feedDescription: (site) => `AI analyses of the news from ${site}, every claim linked to its source.`,
  feedCategoryTitle: (site, category) => `${site}: ${category}`,
  footerAbout: "Every analysis on this site is generated by AI from the sources it lists and checked claim by claim.",
  footerApi: "JSON API",
  footerAboutLink: "About",
  footerSources: "Sources",
  footerArchive: "Archive",
  notFoundTitle: "Page not found",
  notFoundText: "There is no page at this address. It may have moved, or it was never published.",
  badRequestTitle: "Bad request",
  badRequestText: "This address has a parameter the site cannot read.",
  serverErrorTitle: "Something went wrong",
  serverErrorText: "The page could not be shown. Please try again in a moment.",
};

const ko: Strings = {
  dateLocale: "ko-KR",
  ogLocale: "ko_KR",
  utc: "UTC",
  skipToContent: "본문으로 건너뛰기",
  home: "홈",
  categoriesNav: "섹션",
  categoryName: {
    Politics: "정치",
    World: "국제",
    Business: "경제",
    Technology: "기술",
    Science: "과학",
    Health: "건강",
    Climate: "기후",
    Culture: "문화",
    Sports: "스포츠",
    Society: "사회",
  },
  aiAnalysis: "AI 분석",
  minRead: (n) => `${n}분 분량`,
  sourceCount: (n) => `출처 ${n}곳`,
  sourcesLine: "출처:",
  sourcesHeading: "출처",
  citationLabel: (n) => `출처 ${n}`,
  published: "게시",
  updated: "수정",
  whatChanged: "달라진 점",
  changeSince: (v) => `버전 ${v} 이후`,
  changeNewSources: (o) => `새 출처 ${o.length}곳: ${o.join(", ")}`,
  changeRemovedSources: (o) => `더 이상 인용하지 않는 출처: ${o.join(", ")}`,
  changeClaims: (a, r) => `주장 ${a}건 추가, ${r}건 삭제`,
  changeKeyFact: (label, from, to) => `${label}: ${from} → ${to}`,
  changeNewKeyFacts: (labels) => `새 핵심 사실: ${labels.join(", ")}`,
  changeHeadline: "제목 변경",
  disclaimer:
    "이 글은 이 페이지에 나열된 출처 기사를 바탕으로 AI가 생성했습니다. 오류가 있을 수 있으니 중요한 내용은 출처에서 직접 확인하세요.",
  claimsVerified: (verified, total) => `주장 ${total}개 중 ${verified}개를 출처와 대조해 확인함`,
  howWeCheck: "확인 방법",
  unverifiedClaim: "확인되지 않음",
  keyFactsHeading: "핵심 사실",
  timelineHeading: "타임라인",
  stakeholdersHeading: "이해관계자의 입장",
  interests: "이해관계",
  leverage: "영향력",
  outlookHeading: "전망",
  likelihood: {
    "most-probable": "가장 가능성 높은 결과",
    possible: "가능성 있음",
    unlikely: "가능성 낮음",
  },
  signposts: "주목할 신호",
  whatToWatchHeading: "지켜볼 점",
  tagsLabel: "태그",
  thoughtsHeading: "의견",
  thoughtsIntro: "이 분석에 대한 의견을 남겨 주세요. 링크가 포함된 글은 관리자가 확인한 뒤 게시됩니다.",
  thoughtsEmpty: "아직 의견이 없습니다.",
  thoughtName: "이름",
  thoughtText: "의견",
  thoughtTextHint: (max) => `최대 ${max}자까지 쓸 수 있습니다.`,
  thoughtHoneypot: "이 칸은 비워 두세요",
  thoughtSubmit: "의견 게시",
  thoughtPosted: "감사합니다. 의견이 아래에 게시되었습니다.",
  thoughtPending: "감사합니다. 링크가 포함된 의견은 관리자가 확인한 뒤 게시됩니다.",
  thoughtRefused: {
    empty: () => "의견이 비어 있습니다. 내용을 입력한 뒤 게시하세요.",
    "too-long": ({ maxChars }) => `의견이 너무 깁니다. ${maxChars}자 이내로 써 주세요.`,
    "too-fast": ({ minIntervalSeconds }) => `방금 의견을 게시했습니다. ${minIntervalSeconds}초 뒤에 다시 시도하세요.`,
    "too-many": ({ maxPerHour }) => `지난 한 시간 동안 의견을 ${maxPerHour}개 게시했습니다. 나중에 다시 시도하세요.`,
    "page-busy": () => "지난 한 시간 동안 이 페이지에 의견이 많이 올라왔습니다. 나중에 다시 시도하세요.",
    duplicate: () => "같은 의견이 이미 게시되었습니다.",
    "reply-invalid": () => "답글을 단 의견이 더 이상 이 페이지에 표시되지 않습니다.",
    spam: () => "자동으로 작성된 글로 보여 접수하지 않았습니다.",
    "name-invalid": () => "이름을 1자에서 60자 사이로 입력하세요.",
  },
  reply: "답글",
  replyTitle: (name) => `${name} 님에게 답글`,
  replySubmit: "답글 게시",
  backToAnalysis: "분석으로 돌아가기",
  repliesLabel: (n) => `답글 ${n}개`,
  reportHeading: "오류 신고",
  reportIntro: "잘못된 내용을 발견하셨나요? 편집자에게 알려 주세요. 신고는 사람이 읽으며 공개되지 않습니다.",
  reportReasonLegend: "무엇이 잘못되었나요?",
  reportReasons: {
    "factual-error": "사실 오류",
    misleading: "오해의 소지",
    outdated: "오래된 정보",
    other: "기타",
  },
  reportDetails: "발견한 내용",
  reportDetailsHint: (max) => `선택 사항이며 최대 ${max}자까지 쓸 수 있습니다.`,
  reportSource: "출처 링크 (선택)",
  reportSourceHint: "올바른 정보를 보여 주는 http 또는 https 주소.",
  reportSubmit: "신고 보내기",
  reportReceived: "감사합니다. 신고가 편집자에게 전달되었습니다.",
  reportRefused: {
    "reason-invalid": () => "무엇이 잘못되었는지 선택하세요.",
    "details-too-long": ({ maxChars }) => `내용을 ${maxChars}자 이내로 써 주세요.`,
    "source-invalid": () => "출처 링크는 http 또는 https 주소여야 합니다.",
    "too-many": ({ maxPerHour }) => `지난 한 시간 동안 신고를 ${maxPerHour}건 보냈습니다. 나중에 다시 시도하세요.`,
    spam: () => "자동으로 작성된 신고로 보여 접수하지 않았습니다.",
  },
  versionsHeading: "수정 이력",
  versionLabel: (v) => `버전 ${v}`,
  versionCurrent: "현재",
  versionBanner: (v, latest) => `버전 ${v}을(를) 보고 있습니다. 현재 버전은 ${latest}입니다.`,
  versionLatestLink: "현재 버전 보기",
  relatedHeading: "관련 기사",
  relatedEmpty: "아직 관련 기사가 없습니다.",
  editionHeading: "오늘의 주요 분석",
  editionIntro: "지난 하루의 가장 중요한 이야기를 섹션별로 모았습니다. 모든 분석은 출처를 빠짐없이 밝힙니다.",
  editionEnd: "오늘의 분석은 여기까지입니다. 이전 분석은 보관함에 있습니다.",
  moreIn: (category) => `${category} 더 보기`,
  homeEmpty: "아직 게시된 분석이 없습니다.",
  categoryEmpty: "이 섹션에는 아직 분석이 없습니다.",
  categoryIntro: (category) => `${category} 분석, 최신순.`,
  olderLink: "이전 분석",
  newestLink: "최신 분석",
  tagTitle: (tag) => `태그: ${tag}`,
  archiveTitle: "보관함",
  archiveIntro: "게시된 모든 분석을 게시일(UTC)별로 모았습니다.",
  archiveEmpty: "아직 게시된 분석이 없습니다.",
  archiveDayCount: (n) => `분석 ${n}개`,
  archiveDayEmpty: "이날 게시된 분석이 없습니다.",
  searchLabel: "검색",
  searchButton: "검색",
  searchTitle: "검색",
  searchResultsFor: (q) => `“${q}” 검색 결과`,
  searchHint: "모든 분석의 제목, 요약, 본문 전체를 검색합니다.",
  searchNoResults: "검색한 단어를 모두 포함하는 분석이 없습니다.",
  searchMore: "결과 더 보기",
  searchPrevious: "이전 결과",
  sourcesTitle: "참고하는 언론사",
  sourcesIntro:
    "모든 분석은 아래 언론사가 게시한 기사를 바탕으로 작성됩니다. 각 분석 페이지에는 사용한 기사와 링크가 나열됩니다.",
  outletArticles: (n) => `기사 ${n}건 수집`,
  outletLicence: { full: "본문 전체 수집", abstract: "제목과 요약만 수집" },
  outletPaused: "일시 중지",
  outletLastArticle: "최근 기사",
  outletLanguage: "언어",
  aboutTitle: "이 사이트에 대하여",
  aboutIntro:
    "이 사이트는 출처 페이지에 나열된 언론사의 기사를 바탕으로 소프트웨어가 작성한 뉴스 분석을 게시합니다. 모든 분석에는 “AI 분석” 표시가 붙습니다.",
  aboutDoesHeading: "AI가 하는 일",
  aboutDoes: [
    "같은 사건을 다룬 여러 언론사의 기사를 하나의 이야기로 묶습니다.",
    "배경, 이해관계자의 입장, 가능성 있는 결과, 지켜볼 점을 담은 분석을 작성합니다.",
    "사실을 담은 모든 문장마다 근거가 되는 출처 기사와 해당 구절을 인용합니다.",
    "각 분석을 정해진 섹션 하나에 배치하고 읽는 시간을 계산합니다.",
  ],
  aboutDoesNotHeading: "AI가 하지 않는 일",
  aboutDoesNot: [
    "직접 취재하지 않으며, 나열된 기사의 내용만 사용합니다.",
    "웹 주소를 쓰거나 출처를 지어내지 않습니다. 인용은 사이트가 연결합니다.",
    "출처 기사가 게시된 뒤에 일어난 일은 알지 못합니다.",
    "사이트를 개인화하지 않습니다. 모든 독자가 같은 페이지를 봅니다.",
  ],
  aboutVerifyHeading: "주장을 확인하는 방법",
  aboutVerify: [
    "게시하기 전에 모든 주장을 인용한 구절과 대조합니다. 주장에 나오는 숫자, 날짜, 이름, 인용문이 그 구절에 있어야 하며, 인용문은 글자 그대로 일치해야 합니다.",
    "확인에 실패한 주장은 한 번 고치거나 삭제합니다. 실패가 너무 많은 분석은 게시되지 않고 편집자를 기다립니다.",
    "각 분석에는 확인을 통과한 주장의 수가 표시되며, 통과하지 못한 주장은 따로 표시됩니다.",
  ],
  aboutCorrectionsHeading: "정정",
  aboutCorrections: [
    "분석 끝의 “오류 신고”로 편집자에게 잘못을 알려 주세요. 무엇이 잘못되었는지 쓰고, 가능하면 출처 링크를 남겨 주세요.",
    "이야기가 전개되거나 오류가 고쳐지면 분석은 새 버전으로 다시 작성됩니다. 페이지에는 수정 시각과 이전에 게시된 모든 버전이 표시됩니다.",
  ],
  aboutThoughtsHeading: "의견",
  aboutThoughts: [
    "독자는 분석 아래에 의견을 남기고 답글을 달 수 있습니다. 링크가 포함된 글은 관리자를 기다리며, 스팸과 악용은 삭제됩니다.",
    "입력한 이름과 글만 저장합니다. 네트워크 주소는 저장하지 않고, 한 주소의 게시 횟수를 제한하기 위한 암호화된 지문만 저장합니다.",
  ],
  feedsLabel: "피드",
  feedRss: "RSS",
  feedAtom: "Atom",
  feedJson: "JSON Feed",
  feedDescription: (site) => `${site}의 AI 뉴스 분석. 모든 주장이 출처와 연결되어 있습니다.`,
  feedCategoryTitle: (site, category) => `${site}: ${category}`,
  footerAbout:
    "이 사이트의 모든 분석은 나열된 출처를 바탕으로 AI가 생성하며, 주장 하나하나를 출처와 대조해 확인합니다.",
  footerApi: "JSON API",
  footerAboutLink: "소개",
  footerSources: "출처",
  footerArchive: "보관함",
  notFoundTitle: "페이지를 찾을 수 없습니다",
  notFoundText: "이 주소에는 페이지가 없습니다. 옮겨졌거나 게시된 적이 없는 페이지입니다.",
  badRequestTitle: "잘못된 요청",
  badRequestText: "이 주소에는 사이트가 읽을 수 없는 값이 있습니다.",
  serverErrorTitle: "문제가 발생했습니다",
  serverErrorText: "페이지를 표시하지 못했습니다. 잠시 뒤에 다시 시도하세요.",
};

const tables: Record<Language, Strings> = { en, ko };

export function stringsFor(language: Language): Strings {
  return tables[language];
}
