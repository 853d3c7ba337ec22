/**
 * Synthetic commune plans for the compare/similar/report tests: a few topic templates written
 * for these tests (not taken from the seed documents), copied per commune with small random
 * edits, so the tests know exactly which plans share a template and what each copy changed.
 */
import type { PlanDoc, PlanItem, PlanSection, PlanTarget } from '../src/analysis/compare.ts';
import type { SectionKind } from '../schemas/record.ts';
import { createHash } from 'node:crypto';
import { openStore, type SaveInput } from '../src/store/index.ts';
import type { RepairedToken, SectionNode } from '../schemas/index.ts';
import { foldAccents } from '../src/analysis/similar.ts';
import { mulberry32 } from './helpers/random.ts';

export const rng = mulberry32;

export interface TopicTemplate {
  name: string;
  title: string;
  purpose: string[];
  tasks: string[];
  taskBody: string[];
  targets: { statement: string; unit: string; population: string }[];
  funding: string[];
}

export const TOPICS: TopicTemplate[] = [
  {
    name: 'giao-thong',
    title: 'Bảo đảm trật tự an toàn giao thông',
    purpose: [
      'Nâng cao ý thức chấp hành pháp luật về trật tự an toàn giao thông của người tham gia giao thông.',
      'Kiềm chế, kéo giảm tai nạn giao thông trên cả ba tiêu chí số vụ, số người chết và số người bị thương.',
      'Xử lý nghiêm các hành vi vi phạm nồng độ cồn, chạy quá tốc độ và không đội mũ bảo hiểm.',
    ],
    tasks: [
      'Tuyên truyền, phổ biến pháp luật về trật tự an toàn giao thông tại các thôn',
      'Tuần tra, kiểm soát và xử lý vi phạm trên các tuyến đường liên thôn',
      'Rà soát, khắc phục các điểm đen, điểm tiềm ẩn tai nạn giao thông',
      'Giải tỏa hành lang an toàn đường bộ, lấn chiếm lòng đường',
      'Tổ chức ký cam kết không sử dụng rượu bia khi tham gia giao thông',
      'Lắp đặt biển báo, gương cầu lồi tại các khúc cua nguy hiểm',
    ],
    taskBody: [
      'Phối hợp với lực lượng cảnh sát giao thông tổ chức các đợt cao điểm.',
      'Lồng ghép nội dung tuyên truyền trong các buổi sinh hoạt cộng đồng dân cư.',
      'Định kỳ báo cáo kết quả thực hiện về Ban An toàn giao thông.',
    ],
    targets: [
      { statement: 'Giảm số vụ tai nạn giao thông so với cùng kỳ', unit: '%', population: 'người tham gia giao thông' },
      { statement: 'Người đi mô tô, xe máy đội mũ bảo hiểm đúng quy cách', unit: '%', population: 'người đi xe máy' },
    ],
    funding: ['Kinh phí từ dự toán ngân sách xã được giao cho Ban An toàn giao thông.'],
  },
  {
    name: 'nong-thon-moi',
    title: 'Xây dựng nông thôn mới nâng cao',
    purpose: [
      'Huy động mọi nguồn lực xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu.',
      'Nâng cao đời sống vật chất và tinh thần của cư dân nông thôn, giảm nghèo bền vững.',
      'Phát triển sản xuất hàng hóa gắn với chuỗi giá trị nông sản chủ lực của địa phương.',
    ],
    tasks: [
      'Bê tông hóa đường giao thông nông thôn và kênh mương nội đồng',
      'Phát triển sản phẩm OCOP gắn với vùng nguyên liệu tập trung',
      'Chỉnh trang khu dân cư, xây dựng tuyến đường hoa, cây xanh',
      'Thu gom, phân loại rác thải sinh hoạt tại hộ gia đình',
      'Hỗ trợ hộ nghèo, hộ cận nghèo chuyển đổi sinh kế',
      'Nâng cấp nhà văn hóa thôn và khu thể thao cộng đồng',
    ],
    taskBody: [
      'Vận động nhân dân hiến đất, góp công lao động theo phương châm nhà nước và nhân dân cùng làm.',
      'Ưu tiên nguồn vốn cho các tiêu chí còn thấp, công trình cấp thiết.',
      'Công khai danh mục công trình và mức đóng góp của người dân.',
    ],
    targets: [
      { statement: 'Tỷ lệ hộ nghèo đa chiều giảm còn dưới', unit: '%', population: 'hộ gia đình' },
      { statement: 'Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý', unit: '%', population: 'hộ gia đình' },
      { statement: 'Thu nhập bình quân đầu người đạt', unit: 'triệu đồng', population: 'người dân' },
    ],
    funding: [
      'Vốn ngân sách Trung ương, ngân sách tỉnh hỗ trợ có mục tiêu.',
      'Vốn lồng ghép các chương trình mục tiêu quốc gia và huy động xã hội hóa.',
    ],
  },
  {
    name: 'pccc',
    title: 'Phòng cháy, chữa cháy và cứu nạn, cứu hộ mùa khô',
    purpose: [
      'Chủ động phòng ngừa, hạn chế thấp nhất các vụ cháy, nổ xảy ra trên địa bàn.',
      'Nâng cao năng lực chữa cháy tại chỗ của lực lượng dân phòng và hộ gia đình.',
    ],
    tasks: [
      'Kiểm tra an toàn phòng cháy tại cơ sở kinh doanh, nhà trọ, chợ',
      'Xây dựng mô hình tổ liên gia an toàn phòng cháy, chữa cháy',
      'Huấn luyện nghiệp vụ cho đội dân phòng và lực lượng xung kích',
      'Trang bị bình chữa cháy xách tay cho hộ gia đình kết hợp kinh doanh',
      'Diễn tập phương án chữa cháy rừng và cứu nạn tại khu dân cư đông đúc',
    ],
    taskBody: [
      'Lập danh sách cơ sở có nguy cơ cháy nổ cao để theo dõi, quản lý.',
      'Hướng dẫn người dân thoát nạn, sử dụng phương tiện chữa cháy ban đầu.',
    ],
    targets: [
      { statement: 'Hộ gia đình kinh doanh trang bị bình chữa cháy', unit: '%', population: 'hộ kinh doanh' },
      { statement: 'Số lượt người được tập huấn kỹ năng thoát nạn', unit: 'người', population: 'người dân' },
    ],
    funding: ['Ngân sách xã chi cho công tác phòng cháy, chữa cháy và đóng góp của cơ sở.'],
  },
  {
    name: 'y-te',
    title: 'Tiêm chủng mở rộng và chăm sóc sức khỏe ban đầu',
    purpose: [
      'Bảo đảm trẻ em trong độ tuổi được tiêm chủng đầy đủ, đúng lịch các loại vắc xin.',
      'Chủ động phòng, chống dịch bệnh truyền nhiễm, không để dịch lớn xảy ra.',
      'Quản lý sức khỏe người cao tuổi và người mắc bệnh không lây nhiễm tại trạm y tế.',
    ],
    tasks: [
      'Điều tra, lập danh sách đối tượng tiêm chủng theo từng thôn',
      'Tổ chức buổi tiêm chủng định kỳ hằng tháng tại trạm y tế',
      'Giám sát phản ứng sau tiêm và xử trí kịp thời tai biến',
      'Truyền thông vệ sinh môi trường, diệt lăng quăng phòng sốt xuất huyết',
      'Khám sàng lọc tăng huyết áp, đái tháo đường cho người trên bốn mươi tuổi',
    ],
    taskBody: [
      'Cộng tác viên y tế thôn thông báo lịch tiêm đến từng hộ gia đình.',
      'Bảo quản vắc xin theo đúng dây chuyền lạnh quy định.',
      'Cập nhật dữ liệu tiêm chủng lên hệ thống quản lý thông tin.',
    ],
    targets: [
      { statement: 'Trẻ dưới một tuổi được tiêm chủng đầy đủ', unit: '%', population: 'trẻ em dưới 1 tuổi' },
      { statement: 'Phụ nữ có thai được tiêm phòng uốn ván', unit: '%', population: 'phụ nữ có thai' },
      { statement: 'Người dân có hồ sơ sức khỏe điện tử', unit: '%', population: 'người dân' },
    ],
    funding: ['Nguồn kinh phí chương trình mục tiêu y tế - dân số và ngân sách địa phương.'],
  },
  {
    name: 'chuyen-doi-so',
    title: 'Thúc đẩy chuyển đổi số và dịch vụ công trực tuyến',
    purpose: [
      'Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình cho người dân và doanh nghiệp.',
      'Phổ cập kỹ năng sử dụng điện thoại thông minh, thanh toán không dùng tiền mặt.',
    ],
    tasks: [
      'Hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức độ hai',
      'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực',
      'Thành lập và duy trì hoạt động tổ công nghệ số cộng đồng ở thôn',
      'Triển khai thanh toán không dùng tiền mặt tại chợ và trường học',
      'Nâng cấp đường truyền, thiết bị tại bộ phận một cửa',
      'Bảo đảm an toàn thông tin mạng cho hệ thống máy tính của cơ quan',
    ],
    taskBody: [
      'Tổ công nghệ số đến từng hộ để hỗ trợ cài đặt ứng dụng.',
      'Rà soát thủ tục đủ điều kiện cung cấp trực tuyến toàn trình.',
      'Theo dõi tỷ lệ hồ sơ nộp trực tuyến hằng tháng.',
    ],
    targets: [
      { statement: 'Hồ sơ thủ tục hành chính được nộp trực tuyến', unit: '%', population: 'người dân' },
      { statement: 'Người trưởng thành có tài khoản định danh điện tử', unit: '%', population: 'người trưởng thành' },
    ],
    funding: ['Kinh phí chuyển đổi số bố trí trong dự toán chi thường xuyên của xã.'],
  },
];

const COMMUNES = [
  'Tân Phú', 'Hòa Bình', 'An Thạnh', 'Phước Long', 'Vĩnh Hưng', 'Đông Sơn', 'Thạch Bàn', 'Yên Lạc',
  'Minh Khai', 'Quảng Điền', 'Bình Minh', 'Cẩm Thủy', 'Hưng Đạo', 'Nghĩa Trung', 'Lộc Thành',
];
const LEADS = ['Công an xã', 'Phòng Kinh tế', 'Phòng Văn hóa - Xã hội', 'Trạm Y tế', 'Đoàn Thanh niên'];

export interface PlanSpec {
  docId: string;
  topic: TopicTemplate;
  commune: string;
  year: number;
  /** Indexes into topic.tasks to leave out. */
  dropTasks?: number[];
  /** Tasks this plan adds of its own. */
  extraTasks?: string[];
  /** A section of its own, appended before the organisation section. */
  extraSection?: { heading: string; kind: SectionKind; body: string[] };
  /** Target values (same order as topic.targets); default from the rng. */
  targetValues?: number[];
  /** Indexes into topic.targets to leave out. */
  dropTargets?: number[];
  seed?: number;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];

/** Builds a plan: its lines, section tree spans, tasks and targets with their line numbers. */
export function makePlan(spec: PlanSpec): PlanDoc {
  const r = rng(spec.seed ?? 1);
  const lines: string[] = [];
  const sections: PlanSection[] = [];
  const tasks: PlanItem[] = [];
  const targets: PlanTarget[] = [];
  const push = (s: string) => {
    lines.push(s);
    return lines.length;
  };
  push(`UỶ BAN NHÂN DÂN XÃ ${spec.commune.toUpperCase()}`);
  push('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  push(`Số: ${10 + Math.floor(r() * 200)}/KH-UBND`);
  push('KẾ HOẠCH');
  push(`${spec.topic.title} trên địa bàn xã ${spec.commune} năm ${spec.year}`);

  let part = 0;
  const open = (heading: string, kind: SectionKind) => {
    const s: PlanSection = { numbering: ROMAN[part++], heading, kind, level: 0, startLine: push(`${ROMAN[part - 1]}. ${heading}`), endLine: 0 };
    sections.push(s);
    return s;
  };
  const close = (s: PlanSection) => (s.endLine = lines.length);

  const purpose = open('MỤC ĐÍCH, YÊU CẦU', 'purpose');
  for (const p of spec.topic.purpose) if (r() > 0.15) push(`- ${p}`);
  close(purpose);

  const tgt = open('CHỈ TIÊU', 'targets');
  spec.topic.targets.forEach((t, i) => {
    if (spec.dropTargets?.includes(i)) return;
    const value = spec.targetValues?.[i] ?? Math.round(50 + r() * 50);
    const line = push(`- ${t.statement} ${value}${t.unit === '%' ? '%' : ` ${t.unit}`} trong năm ${spec.year}.`);
    targets.push({ value, unit: t.unit, year: spec.year, population: t.population, statement: t.statement, startLine: line, endLine: line });
  });
  close(tgt);

  const content = open('NỘI DUNG, NHIỆM VỤ', 'content');
  const titles = spec.topic.tasks.filter((_, i) => !spec.dropTasks?.includes(i)).concat(spec.extraTasks ?? []);
  titles.forEach((title, i) => {
    const start = push(`${i + 1}. ${title}`);
    const body = spec.topic.taskBody.filter(() => r() > 0.3);
    for (const b of body) push(`- ${b}`);
    push(`- Đơn vị chủ trì: ${LEADS[Math.floor(r() * LEADS.length)]}.`);
    push(`- Thời gian thực hiện: quý ${1 + Math.floor(r() * 4)} năm ${spec.year}.`);
    tasks.push({ numbering: String(i + 1), title, startLine: start, endLine: lines.length });
  });
  close(content);

  const funding = open('KINH PHÍ THỰC HIỆN', 'funding');
  for (const f of spec.topic.funding) push(f);
  close(funding);

  if (spec.extraSection) {
    const extra = open(spec.extraSection.heading, spec.extraSection.kind);
    for (const b of spec.extraSection.body) push(b);
    close(extra);
  }

  const org = open('TỔ CHỨC THỰC HIỆN', 'organization');
  push(`Các đơn vị được phân công triển khai thực hiện, báo cáo kết quả về Ủy ban nhân dân xã ${spec.commune}.`);
  close(org);
  push('CHỦ TỊCH');

  return {
    id: null,
    docId: spec.docId,
    title: `${spec.topic.title} trên địa bàn xã ${spec.commune} năm ${spec.year}`,
    docType: 'ke_hoach',
    commune: spec.commune,
    province: null,
    lines,
    sections,
    tasks,
    targets,
  };
}

export interface GeneratedCorpus {
  docs: PlanDoc[];
  /** Topic index of each document (the true template). */
  topicOf: number[];
  /** Extra task titles each document added (its own content). */
  extras: string[][];
}

const EXTRA_TASKS = [
  'Khảo sát nhu cầu nước sạch của các hộ vùng đồi cao',
  'Sửa chữa cầu treo bắc qua suối phục vụ học sinh đi học',
  'Phát động cuộc thi ảnh đẹp về quê hương trong thanh niên',
  'Di dời các hộ dân khỏi vùng sạt lở ven sông',
  'Xây dựng lò đốt rác thải y tế cho trạm xá cũ',
  'Khôi phục lễ hội truyền thống của đồng bào dân tộc thiểu số',
];

/**
 * n plans over the topic templates; every 7th plan adds a task of its own, so tests know
 * which plans carry content outside their cluster's template.
 */
export function generatePlans(n: number, seed: number): GeneratedCorpus {
  const r = rng(seed);
  const docs: PlanDoc[] = [];
  const topicOf: number[] = [];
  const extras: string[][] = [];
  for (let i = 0; i < n; i++) {
    const t = i % TOPICS.length;
    const topic = TOPICS[t];
    const extra = i % 7 === 3 ? [EXTRA_TASKS[Math.floor(r() * EXTRA_TASKS.length)]] : [];
    const drop = r() < 0.5 ? [Math.floor(r() * topic.tasks.length)] : [];
    docs.push(
      makePlan({
        docId: `plan-${String(i).padStart(4, '0')}`,
        topic,
        commune: `${COMMUNES[Math.floor(r() * COMMUNES.length)]}${i >= COMMUNES.length ? ` ${Math.floor(i / COMMUNES.length)}` : ''}`,
        year: 2024 + Math.floor(r() * 3),
        dropTasks: drop,
        extraTasks: extra,
        seed: seed * 1000 + i,
      }),
    );
    topicOf.push(t);
    extras.push(extra);
  }
  return { docs, topicOf, extras };
}

// ---------------------------------------------------------------------------------------------
// Into the store: the four stage records of a plan, as the pipeline would hand them over


/**
 * The plan as if OCR had lost every diacritic (raw) and repair had restored them: tokens that
 * changed get a confidence below 1 from the rng, so some are flagged as doubtful.
 */
export function planSaveInput(plan: PlanDoc, seed = 1): SaveInput {
  const r = rng(seed);
  const raws = plan.lines.map((l) => foldAccents(l));
  const repairedLines = plan.lines.map((text, i) => {
    const raw = raws[i];
    const tokens: RepairedToken[] = [];
    for (const m of raw.matchAll(/\S+/g)) {
      const original = m[0];
      const repaired = text.slice(m.index, m.index + original.length);
      tokens.push({ original, repaired, confidence: original === repaired ? 1 : Math.round((0.3 + 0.7 * r()) * 100) / 100, start: m.index });
    }
    const confidence = tokens.reduce((min, t) => Math.min(min, t.confidence), 1);
    return { lineNo: i + 1, pageNumber: 1, raw, text, confidence, tokens };
  });
  const nodes: SectionNode[] = plan.sections.map((s) => ({
    numbering: s.numbering,
    marker: 'roman',
    heading: s.heading,
    kind: s.kind,
    level: s.level,
    startLine: s.startLine,
    endLine: s.endLine,
    children: [],
  }));
  const contentHash = createHash('sha256').update(plan.docId).update(plan.lines.join('\n')).digest('hex');
  return {
    ingested: {
      docId: plan.docId,
      sourcePath: `generated/${plan.docId}.txt`,
      sourceKind: 'image-ocr',
      contentHash,
      encoding: null,
      pages: [{ pageNumber: 1, lines: raws, ocrConfidence: 0.8 }],
      warnings: [],
    },
    repaired: { docId: plan.docId, wasClean: false, lines: repairedLines },
    segmented: { docId: plan.docId, lines: plan.lines, preambleEnd: plan.sections[0].startLine - 1, sections: nodes },
    extraction: {
      record: {
        doc_id: plan.docId,
        meta: {
          doc_type: 'ke_hoach',
          number: null,
          issued_date: null,
          issuer: `Ủy ban nhân dân xã ${plan.commune}`,
          commune: plan.commune,
          commune_type: 'xã',
          province: plan.province,
          title: plan.title,
          signer: null,
          signer_role: null,
        },
        sections: plan.sections.map((s) => ({ numbering: s.numbering, heading: s.heading, kind: s.kind })),
        tasks: plan.tasks.map((t, i) => ({
          section_numbering: 'III',
          numbering: t.numbering,
          title: t.title,
          lead_units: [LEADS[i % LEADS.length]],
          partner_units: i % 2 ? [LEADS[(i + 2) % LEADS.length]] : [],
          timeline: null,
          due_date: null,
        })),
        targets: plan.targets.map((t) => ({ year: t.year, value: t.value, unit: t.unit, population: t.population, statement: t.statement })),
        references: [],
        responsibilities: [],
        funding: { present: plan.sections.some((s) => s.kind === 'funding'), sources: [] },
        deadlines: [],
        recipients: [],
      },
      provenance: {
        sections: plan.sections.map((s) => ({ start: s.startLine, end: s.endLine })),
        tasks: plan.tasks.map((t) => ({ start: t.startLine, end: t.endLine })),
        targets: plan.targets.map((t) => ({ start: t.startLine, end: t.endLine })),
        references: [],
        responsibilities: [],
        deadlines: [],
        recipients: [],
        funding: null,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A store with a hostile document, for the report's escaping tests

export const HOSTILE = '<script>alert("x")</script>';

/** A store of generated plans plus one whose text, title, heading and task carry markup. */
export function buildHostileStore(path: string, n: number): void {
  const store = openStore(path);
  for (const [i, d] of generatePlans(n, 3).docs.entries()) store.saveDocument(planSaveInput(d, i + 1));
  const evil = makePlan({
    docId: 'evil',
    topic: TOPICS[4],
    commune: `Tân <b>Phú</b>`,
    year: 2025,
    extraTasks: [`Gỡ bỏ ${HOSTILE} khỏi trang thông tin`],
    extraSection: { heading: `PHỤ LỤC ${HOSTILE}`, kind: 'other', body: [`Dòng có ${HOSTILE} & "ngoặc" 'đơn'`] },
    seed: 9,
  });
  evil.title = `Kế hoạch ${HOSTILE}`;
  store.saveDocument(planSaveInput(evil, 99));
  store.close();
}

