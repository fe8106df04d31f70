/**
 * A realistic 2026 catalogue for the demo community, modelled on Panjin's guidance catalogue
 * (《盘锦市城乡社区协商事项指导目录》, 6 categories / 43 items: property services, sanitation,
 * lighting and greening, low-rent housing, social assistance, requisition and resettlement —
 * shared/seeds/003). Used by the demo seed; not a template any community must adopt.
 */
import { publishCatalogueVersion, type Actor, type Catalogue } from './catalogue';
import type { CatalogueItemInput } from './schemas';

export const DEMO_CATALOGUE_YEAR = 2026;

const PANJIN = '参照《盘锦市城乡社区协商事项指导目录》（2018）';

export const DEMO_CATALOGUE_ITEMS: readonly CatalogueItemInput[] = [
  {
    code: 'PRO-01',
    title: '选聘、续聘或更换物业服务企业',
    category: 'property_services',
    scope: 'community',
    parties: ['owners_committee', 'property_company', 'representatives', 'affected_residents'],
    forms: ['consultation_meeting', 'owners_consultation', 'hearing'],
    mandatory: true,
    requiresFourDeliberations: true,
    minCommentDays: 10,
    sourceRef: `${PANJIN}：物业管理服务`,
  },
  {
    code: 'PRO-02',
    title: '小区停车位划定与停车秩序管理',
    category: 'property_services',
    scope: 'community',
    parties: ['affected_residents', 'property_company', 'owners_committee', 'representatives'],
    forms: ['consultation_meeting', 'online'],
    mandatory: false,
    requiresFourDeliberations: false,
    triggers: { householdsAffectedOver: 100 },
    sourceRef: `${PANJIN}：物业管理服务`,
  },
  {
    code: 'ENV-01',
    title: '垃圾分类投放点设置与调整',
    category: 'environment',
    scope: 'groups',
    parties: ['affected_residents', 'residents_groups', 'property_company'],
    forms: ['building_consultation', 'dialogue'],
    mandatory: true,
    requiresFourDeliberations: false,
    sourceRef: `${PANJIN}：环境卫生整治`,
  },
  {
    code: 'ENV-02',
    title: '背街小巷和楼院环境卫生集中整治方案',
    category: 'environment',
    scope: 'community',
    parties: ['representatives', 'resident_units', 'social_organizations'],
    forms: ['consultation_meeting', 'dialogue'],
    mandatory: false,
    requiresFourDeliberations: false,
    triggers: { budgetAtLeastCny: 20_000 },
    sourceRef: `${PANJIN}：环境卫生整治`,
  },
  {
    code: 'FAC-01',
    title: '老旧楼道照明和路灯亮化改造',
    category: 'facilities',
    scope: 'building',
    parties: ['affected_residents', 'property_company'],
    forms: ['building_consultation', 'online'],
    mandatory: false,
    requiresFourDeliberations: false,
    triggers: { budgetAtLeastCny: 20_000, householdsAffectedOver: 50 },
    sourceRef: `${PANJIN}：亮化绿化工程`,
  },
  {
    code: 'FAC-02',
    title: '公共绿地改造和补植方案',
    category: 'facilities',
    scope: 'community',
    parties: ['representatives', 'affected_residents', 'resident_units'],
    forms: ['consultation_meeting', 'hearing'],
    mandatory: true,
    requiresFourDeliberations: true,
    sourceRef: `${PANJIN}：亮化绿化工程`,
  },
  {
    code: 'FAC-03',
    title: '既有住宅加装电梯',
    category: 'facilities',
    scope: 'building',
    parties: ['affected_residents', 'owners_committee', 'deputies'],
    forms: ['building_consultation', 'hearing'],
    mandatory: true,
    requiresFourDeliberations: false,
    minCommentDays: 14,
    sourceRef: '社区自定',
  },
  {
    code: 'FUN-01',
    title: '社区惠民资金（公益金）年度项目安排',
    category: 'funds_projects',
    scope: 'community',
    parties: ['representatives', 'social_organizations', 'deputies', 'resident_units'],
    forms: ['representatives_meeting', 'consultation_meeting'],
    mandatory: true,
    requiresFourDeliberations: true,
    sourceRef: '社区自定（依据居委会组织法第十六条）',
  },
  {
    code: 'AST-01',
    title: '困难群众临时救助和关爱服务工作方案',
    category: 'assistance',
    scope: 'community',
    parties: ['representatives', 'social_workers', 'social_organizations'],
    forms: ['review_meeting', 'consultation_meeting'],
    mandatory: false,
    requiresFourDeliberations: true,
    sourceRef: `${PANJIN}：社会救助救济（只议方案，不议个人资格）`,
  },
  {
    code: 'HOU-01',
    title: '征收片区居民过渡安置和搬迁服务安排',
    category: 'housing_resettlement',
    scope: 'cross_community',
    parties: ['affected_residents', 'deputies', 'social_workers', 'resident_units'],
    forms: ['hearing', 'dialogue'],
    mandatory: true,
    requiresFourDeliberations: false,
    minCommentDays: 15,
    sourceRef: `${PANJIN}：征地拆迁安置（实施层面事项，由街道组织）`,
  },
  {
    code: 'OTH-01',
    title: '修订居民公约',
    category: 'other',
    scope: 'community',
    parties: ['representatives', 'affected_residents', 'residents_groups'],
    forms: ['residents_meeting', 'consultation_meeting', 'online'],
    mandatory: true,
    requiresFourDeliberations: true,
    sourceRef: '社区自定',
  },
];

/** The demo catalogue, published as version 1 by a committee member with the secretary's approval. */
export function demoCatalogue(args: {
  communityId: string;
  publisher: Actor;
  approver: Actor;
  publishedAt: number;
}): Catalogue {
  return publishCatalogueVersion(null, {
    communityId: args.communityId,
    year: DEMO_CATALOGUE_YEAR,
    items: DEMO_CATALOGUE_ITEMS,
    changeNote: '2026年度协商事项目录首次发布',
    publisher: args.publisher,
    approver: args.approver,
    now: args.publishedAt,
  });
}
