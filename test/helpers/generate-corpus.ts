/**
 * A synthetic corpus of commune plans and reports for tests that need many documents (store, qa,
 * aggregate, compare/similar). Templates, topics and sentences are written here for the purpose
 * and not taken from the seed documents; communes come from the post-2025 admin-unit list.
 *
 * Each document is generated as a StructuredRecord first (the ground truth), then laid out as the
 * text of a plain-text commune document, with every extracted item's line span recorded, so tests
 * can store it directly (`input`) or run the text through the pipeline and compare with `record`.
 */
import { createHash } from 'node:crypto';
import type { Extraction, LineSpan, SectionKind, SectionNode, StructuredRecord, Task, Target } from '../../schemas/index.ts';
import { loadAdminUnits, type AdminUnit } from '../../src/gazetteer/admin-units.ts';
import type { SaveInput } from '../../src/store/index.ts';
import { mulberry32 } from './random.ts';

export interface GeneratedDocument {
  docId: string;
  text: string;
  /** Ground truth for the text. */
  record: StructuredRecord;
  /** What the pipeline would hand the store for this text (provenance = rendered line spans). */
  input: SaveInput;
  /** The canonical unit each printed unit name stands for (the generator's truth for canonicalUnitName tests). */
  unitTruth: Map<string, string>;
}

const prng = mulberry32;

interface Rand {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  sample<T>(xs: readonly T[], k: number): T[];
}

function rand(seed: number): Rand {
  const next = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    sample: (xs, k) => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, Math.max(0, Math.min(k, copy.length)));
    },
  };
}

// ---------------------------------------------------------------- domain templates

interface UnitSpec {
  canonical: string;
  /** Printed forms; "{x}" is the commune word (xã/phường/đặc khu). */
  printed: string[];
}

const UNITS: UnitSpec[] = [
  { canonical: 'phòng văn hóa - xã hội', printed: ['Phòng Văn hóa - Xã hội', 'Phòng Văn hoá - Xã hội {x}', 'Phòng VH-XH', 'Phòng Văn hóa-Xã hội'] },
  { canonical: 'phòng kinh tế', printed: ['Phòng Kinh tế', 'Phòng Kinh tế {x}', 'Phòng KT'] },
  { canonical: 'văn phòng hội đồng nhân dân và ủy ban nhân dân', printed: ['Văn phòng HĐND và UBND {x}', 'Văn phòng HĐND và UBND'] },
  { canonical: 'công an xã', printed: ['Công an {x}'] },
  { canonical: 'trạm y tế', printed: ['Trạm Y tế {x}', 'Trạm y tế', 'TYT {x}'] },
  { canonical: 'ban chỉ huy quân sự', printed: ['Ban Chỉ huy Quân sự {x}', 'BCHQS {x}'] },
  { canonical: 'đoàn thanh niên cộng sản hồ chí minh', printed: ['Đoàn TNCS Hồ Chí Minh {x}', 'Đoàn Thanh niên Cộng sản Hồ Chí Minh'] },
  { canonical: 'hội liên hiệp phụ nữ', printed: ['Hội Liên hiệp Phụ nữ {x}', 'Hội LHPN {x}'] },
  { canonical: 'hội nông dân', printed: ['Hội Nông dân {x}', 'HND {x}'] },
  { canonical: 'hội cựu chiến binh', printed: ['Hội Cựu chiến binh {x}', 'HCCB {x}'] },
  { canonical: 'ủy ban mặt trận tổ quốc', printed: ['Ủy ban MTTQ Việt Nam {x}', 'UBMTTQ {x}', 'Uỷ ban Mặt trận Tổ quốc Việt Nam {x}'] },
  { canonical: 'trung tâm phục vụ hành chính công', printed: ['Trung tâm Phục vụ hành chính công {x}', 'Trung tâm PVHCC'] },
  { canonical: 'các trường tiểu học và trung học cơ sở', printed: ['Các trường Tiểu học và THCS', 'Các trường TH&THCS'] },
  { canonical: 'các thôn', printed: ['Các thôn', 'các thôn'] },
];

/** Provincial plans assign work to departments and to the communes as a whole. */
const PROVINCIAL_UNITS: UnitSpec[] = [
  { canonical: 'sở y tế', printed: ['Sở Y tế'] },
  { canonical: 'sở văn hóa, thể thao và du lịch', printed: ['Sở Văn hóa, Thể thao và Du lịch', 'Sở Văn hoá, Thể thao và Du lịch'] },
  { canonical: 'sở nông nghiệp và môi trường', printed: ['Sở Nông nghiệp và Môi trường'] },
  { canonical: 'sở giáo dục và đào tạo', printed: ['Sở Giáo dục và Đào tạo'] },
  { canonical: 'công an tỉnh', printed: ['Công an tỉnh'] },
  { canonical: 'sở tài chính', printed: ['Sở Tài chính'] },
  { canonical: 'ủy ban nhân dân các xã, phường', printed: ['UBND các xã, phường', 'Ủy ban nhân dân các xã, phường'] },
];

const DUTIES = [
  'Chủ trì, phối hợp triển khai các nội dung được giao',
  'Tổng hợp, báo cáo kết quả định kỳ',
  'Tuyên truyền, vận động nhân dân cùng thực hiện',
  'Theo dõi, kiểm tra, đôn đốc việc thực hiện',
];

interface TopicSpec {
  key: string;
  title: string;
  purpose: string[];
  tasks: string[];
  /** Target populations: [population, unit, min, max, predicate]. */
  targets: [string, string, number, number, string][];
  funding: string[];
  results: string[];
  /** Units most involved (indexes into UNITS) lead first. */
  leads: number[];
}

const TOPICS: TopicSpec[] = [
  {
    key: 'thien-tai',
    title: 'Phòng, chống thiên tai và tìm kiếm cứu nạn',
    purpose: [
      'Chủ động phòng ngừa, ứng phó kịp thời, hạn chế thấp nhất thiệt hại do thiên tai gây ra.',
      'Nâng cao nhận thức của cộng đồng về phòng, chống thiên tai theo phương châm bốn tại chỗ.',
    ],
    tasks: [
      'Kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn',
      'Rà soát các khu dân cư có nguy cơ sạt lở, ngập lụt',
      'Tổ chức diễn tập phương án sơ tán dân',
      'Chuẩn bị vật tư, phương tiện, lương thực dự phòng',
      'Tuyên truyền kỹ năng ứng phó với mưa bão cho người dân',
      'Kiểm tra hệ thống kênh mương, bờ bao trước mùa mưa',
    ],
    targets: [
      ['hộ dân vùng trũng được hướng dẫn phương án sơ tán', '%', 80, 100, 'được phổ biến'],
      ['thôn có đội xung kích phòng, chống thiên tai', '%', 70, 100, 'được thành lập'],
      ['lượt người được tập huấn kỹ năng ứng phó', 'người', 100, 600, 'tham gia'],
    ],
    funding: ['ngân sách xã', 'Quỹ phòng, chống thiên tai', 'nguồn xã hội hóa'],
    results: ['Đã tổ chức 2 đợt diễn tập tại các thôn ven sông.', 'Hoàn thành rà soát 100% khu dân cư.'],
    leads: [5, 1, 3],
  },
  {
    key: 'nong-thon-moi',
    title: 'Xây dựng xã đạt chuẩn nông thôn mới nâng cao',
    purpose: [
      'Huy động sức mạnh tổng hợp của cả hệ thống chính trị và người dân tham gia xây dựng nông thôn mới.',
      'Nâng cao đời sống vật chất, tinh thần của người dân trên địa bàn.',
    ],
    tasks: [
      'Nâng cấp, mở rộng đường giao thông liên thôn',
      'Phát triển sản phẩm OCOP của địa phương',
      'Chỉnh trang cảnh quan, xây dựng tuyến đường hoa',
      'Hỗ trợ hộ nghèo, hộ cận nghèo phát triển sinh kế',
      'Nâng cao chất lượng hoạt động của nhà văn hóa thôn',
      'Vận động nhân dân hiến đất làm đường',
    ],
    targets: [
      ['tỷ lệ hộ nghèo đa chiều', '%', 1, 4, 'giảm xuống còn'],
      ['tuyến đường thôn được cứng hóa', '%', 85, 100, 'hoàn thành'],
      ['sản phẩm OCOP đạt 3 sao trở lên', 'sản phẩm', 1, 5, 'được công nhận'],
      ['người dân tham gia bảo hiểm y tế', '%', 90, 98, 'đạt'],
    ],
    funding: ['ngân sách Trung ương', 'ngân sách tỉnh', 'ngân sách xã', 'vốn lồng ghép các chương trình mục tiêu quốc gia', 'đóng góp của nhân dân'],
    results: ['Đã cứng hóa thêm 4 km đường giao thông nông thôn.', 'Có thêm 2 sản phẩm được công nhận OCOP.'],
    leads: [1, 0, 2],
  },
  {
    key: 'an-toan-thuc-pham',
    title: 'Bảo đảm an toàn thực phẩm',
    purpose: [
      'Tăng cường công tác quản lý nhà nước về an toàn thực phẩm trên địa bàn.',
      'Phòng ngừa ngộ độc thực phẩm, bảo vệ sức khỏe người tiêu dùng.',
    ],
    tasks: [
      'Kiểm tra cơ sở sản xuất, kinh doanh thực phẩm nhỏ lẻ',
      'Tuyên truyền kiến thức an toàn thực phẩm tại chợ',
      'Giám sát bếp ăn tập thể tại các trường học',
      'Xử lý vi phạm về an toàn thực phẩm theo thẩm quyền',
      'Hướng dẫn hộ kinh doanh ký cam kết bảo đảm an toàn thực phẩm',
    ],
    targets: [
      ['cơ sở kinh doanh thực phẩm ký cam kết', '%', 90, 100, 'hoàn thành'],
      ['bếp ăn tập thể được kiểm tra', '%', 100, 100, 'được giám sát'],
      ['người quản lý cơ sở thực phẩm được tập huấn', '%', 70, 95, 'được cập nhật kiến thức'],
    ],
    funding: ['ngân sách xã', 'kinh phí sự nghiệp y tế'],
    results: ['Đã kiểm tra 35 cơ sở, nhắc nhở 4 cơ sở.', 'Không để xảy ra vụ ngộ độc thực phẩm đông người.'],
    leads: [4, 1, 0],
  },
  {
    key: 'tiem-chung',
    title: 'Tiêm chủng mở rộng',
    purpose: ['Duy trì tỷ lệ tiêm chủng đầy đủ cho trẻ em dưới 1 tuổi.', 'Chủ động phòng, chống các bệnh truyền nhiễm có vắc xin.'],
    tasks: [
      'Lập danh sách đối tượng tiêm chủng theo từng thôn',
      'Tổ chức các buổi tiêm chủng định kỳ hằng tháng',
      'Theo dõi, xử trí phản ứng sau tiêm',
      'Tuyên truyền lợi ích của tiêm chủng trên loa truyền thanh',
      'Tiêm bù, tiêm vét cho trẻ chưa được tiêm đủ liều',
    ],
    targets: [
      ['trẻ em dưới 1 tuổi được tiêm chủng đầy đủ', '%', 92, 98, 'đạt'],
      ['phụ nữ có thai được tiêm phòng uốn ván', '%', 85, 95, 'đạt'],
      ['trẻ 18 tháng tuổi được tiêm nhắc sởi', '%', 90, 98, 'đạt'],
    ],
    funding: ['ngân sách xã', 'Chương trình tiêm chủng mở rộng quốc gia'],
    results: ['Tỷ lệ tiêm chủng đầy đủ đạt 95%.', 'Không ghi nhận ca phản ứng nặng sau tiêm.'],
    leads: [4, 0, 7],
  },
  {
    key: 'pccc',
    title: 'Phòng cháy, chữa cháy và cứu nạn, cứu hộ',
    purpose: ['Nâng cao ý thức trách nhiệm của người dân trong công tác phòng cháy, chữa cháy.', 'Kiềm chế, giảm thiểu các vụ cháy, nổ gây thiệt hại.'],
    tasks: [
      'Kiện toàn đội dân phòng tại các thôn',
      'Kiểm tra an toàn phòng cháy tại chợ, cơ sở kinh doanh',
      'Xây dựng mô hình tổ liên gia an toàn phòng cháy',
      'Tổ chức thực tập phương án chữa cháy tại khu dân cư',
      'Trang bị bình chữa cháy cho hộ kinh doanh',
    ],
    targets: [
      ['hộ kinh doanh được trang bị bình chữa cháy', '%', 70, 100, 'có'],
      ['thôn có tổ liên gia an toàn phòng cháy', 'thôn', 2, 12, 'xây dựng được'],
      ['đội viên dân phòng được huấn luyện nghiệp vụ', '%', 80, 100, 'được huấn luyện'],
    ],
    funding: ['ngân sách xã', 'nguồn xã hội hóa'],
    results: ['Đã thành lập 6 tổ liên gia an toàn phòng cháy.', 'Tổ chức 1 đợt thực tập phương án tại chợ.'],
    leads: [3, 5, 1],
  },
  {
    key: 'moi-truong',
    title: 'Thu gom, phân loại rác thải sinh hoạt tại nguồn',
    purpose: ['Giảm lượng rác thải phải chôn lấp, cải thiện vệ sinh môi trường nông thôn.', 'Hình thành thói quen phân loại rác thải trong mỗi gia đình.'],
    tasks: [
      'Hướng dẫn hộ gia đình phân loại rác hữu cơ để ủ phân',
      'Bố trí điểm tập kết rác thải tại các thôn',
      'Ra quân tổng vệ sinh môi trường hằng tháng',
      'Xây dựng mô hình đoạn đường không rác thải',
      'Kiểm tra, xử lý việc đổ rác không đúng nơi quy định',
    ],
    targets: [
      ['hộ gia đình phân loại rác tại nguồn', '%', 50, 90, 'thực hiện'],
      ['rác thải sinh hoạt được thu gom, xử lý', '%', 85, 100, 'đạt'],
      ['tuyến đường không rác thải', 'tuyến', 3, 15, 'duy trì'],
    ],
    funding: ['ngân sách xã', 'phí vệ sinh môi trường', 'đóng góp của nhân dân'],
    results: ['Có 62% hộ gia đình thực hiện phân loại rác.', 'Duy trì 8 tuyến đường hoa, không rác thải.'],
    leads: [1, 7, 13],
  },
  {
    key: 'giao-thong',
    title: 'Bảo đảm trật tự, an toàn giao thông',
    purpose: ['Kéo giảm tai nạn giao thông trên cả ba tiêu chí.', 'Xây dựng văn hóa giao thông trong nhân dân, nhất là học sinh.'],
    tasks: [
      'Tuần tra, kiểm soát tại các tuyến đường trọng điểm',
      'Tuyên truyền luật giao thông trong trường học',
      'Xử lý hành lang an toàn giao thông, lấn chiếm lòng đường',
      'Lắp đặt biển báo tại các điểm giao cắt nguy hiểm',
    ],
    targets: [
      ['học sinh được tuyên truyền về an toàn giao thông', '%', 95, 100, 'được tuyên truyền'],
      ['số vụ tai nạn giao thông', '%', 5, 15, 'giảm'],
    ],
    funding: ['ngân sách xã', 'nguồn thu xử phạt vi phạm hành chính theo quy định'],
    results: ['Không xảy ra tai nạn giao thông nghiêm trọng.', 'Đã giải tỏa 40 trường hợp lấn chiếm hành lang.'],
    leads: [3, 6, 12],
  },
  {
    key: 'hoc-tap',
    title: 'Khuyến học, khuyến tài, xây dựng xã hội học tập',
    purpose: ['Tạo cơ hội học tập suốt đời cho mọi người dân.', 'Phát huy truyền thống hiếu học của địa phương.'],
    tasks: [
      'Củng cố hoạt động của Trung tâm học tập cộng đồng',
      'Bình xét danh hiệu gia đình học tập, dòng họ học tập',
      'Vận động xây dựng quỹ khuyến học tại các thôn',
      'Mở lớp xóa mù chữ, bồi dưỡng kiến thức cho người lớn tuổi',
      'Khen thưởng học sinh đạt thành tích cao',
    ],
    targets: [
      ['hộ gia đình đạt danh hiệu gia đình học tập', '%', 60, 85, 'đạt'],
      ['người trong độ tuổi 15 - 60 biết chữ', '%', 97, 100, 'đạt'],
      ['thôn có quỹ khuyến học', 'thôn', 4, 15, 'có'],
    ],
    funding: ['ngân sách xã', 'quỹ khuyến học', 'nguồn tài trợ của các tổ chức, cá nhân'],
    results: ['Đã khen thưởng 120 học sinh giỏi.', 'Có 75% hộ đạt danh hiệu gia đình học tập.'],
    leads: [0, 12, 6],
  },
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Đức', 'Thanh', 'Hữu', 'Quốc', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hùng', 'Lan', 'Long', 'Mai', 'Nam', 'Phong', 'Quang', 'Sơn', 'Tâm', 'Thảo', 'Trung', 'Vinh'];

const HEADINGS: Record<SectionKind, string[]> = {
  purpose: ['MỤC ĐÍCH, YÊU CẦU', 'MỤC ĐÍCH VÀ YÊU CẦU', 'MỤC TIÊU, YÊU CẦU'],
  targets: ['CHỈ TIÊU CỤ THỂ', 'MỤC TIÊU CỤ THỂ', 'CÁC CHỈ TIÊU CHỦ YẾU'],
  content: ['NỘI DUNG THỰC HIỆN', 'NHIỆM VỤ, GIẢI PHÁP', 'CÁC NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU'],
  funding: ['KINH PHÍ THỰC HIỆN', 'KINH PHÍ'],
  timeline: ['TIẾN ĐỘ THỰC HIỆN', 'THỜI GIAN THỰC HIỆN'],
  organization: ['TỔ CHỨC THỰC HIỆN', 'PHÂN CÔNG NHIỆM VỤ'],
  situation: ['ĐẶC ĐIỂM, TÌNH HÌNH', 'TÌNH HÌNH CHUNG'],
  results: ['KẾT QUẢ THỰC HIỆN', 'KẾT QUẢ ĐẠT ĐƯỢC'],
  assessment: ['ĐÁNH GIÁ CHUNG', 'TỒN TẠI, HẠN CHẾ'],
  next_steps: ['PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI', 'NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI'],
  other: ['NỘI DUNG KHÁC'],
};

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

// ---------------------------------------------------------------- record generation

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function addDays(iso: string, days: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

function slashDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}/${m}/${y}`;
}

function personName(r: Rand): string {
  return `${r.pick(FAMILY)} ${r.pick(MIDDLE)} ${r.pick(GIVEN)}`;
}

interface Place {
  province: string;
  commune: string | null;
  communeType: AdminUnit['communeType'] | null;
}

function printedUnit(r: Rand, spec: UnitSpec, place: Place, truth: Map<string, string>): string {
  const word = place.communeType ?? 'xã';
  const printed = r.pick(spec.printed).replace('{x}', word);
  truth.set(printed, spec.canonical);
  return printed;
}

interface Built {
  record: StructuredRecord;
  /** Sentences laid out under each section (besides its items), for realistic text. */
  bodies: Map<number, string[]>;
}

function buildRecord(r: Rand, docId: string, place: Place, topic: TopicSpec, provincialTargets: Map<string, Target[]>, truth: Map<string, string>): Built {
  const provincial = place.commune === null;
  const isReport = !provincial && r.chance(0.22);
  const year = 2025;
  const issued = isoDate(year, r.int(3, 10), r.int(1, 28));
  const where = provincial ? `tỉnh ${place.province}` : `${place.communeType} ${place.commune}`;
  const issuer = provincial ? `UBND tỉnh ${place.province}` : `UBND ${where}`;
  const docNo = r.int(1, 320);
  const unitsFor = (k: number): UnitSpec[] =>
    provincial
      ? r.sample(PROVINCIAL_UNITS, k)
      : r.sample([...topic.leads, ...r.sample(UNITS.map((_, i) => i), 4)].filter((v, i, a) => a.indexOf(v) === i), k).map((i) => UNITS[i]);
  const leadUnit = (): UnitSpec => (provincial ? r.pick(PROVINCIAL_UNITS.slice(0, 6)) : UNITS[r.pick(topic.leads)]);

  const bodies = new Map<number, string[]>();
  const sections: StructuredRecord['sections'] = [];
  const tasks: Task[] = [];
  let targets: Target[] = [];
  const deadlines: StructuredRecord['deadlines'] = [];
  const responsibilities: StructuredRecord['responsibilities'] = [];
  let funding: StructuredRecord['funding'] = { present: false, sources: [] };

  const addSection = (kind: SectionKind, body: string[] = []) => {
    const numbering = ROMAN[sections.length];
    sections.push({ numbering, heading: r.pick(HEADINGS[kind]), kind });
    bodies.set(sections.length - 1, body);
    return numbering;
  };
  const makeTasks = (sectionNumbering: string, count: number, withUnits: boolean) => {
    for (const [i, title] of r.sample(topic.tasks, count).entries()) {
      const noLead = !withUnits || r.chance(0.08);
      const lead = noLead ? [] : [printedUnit(r, leadUnit(), place, truth)];
      const partners = withUnits ? unitsFor(r.int(0, 3)).map((u) => printedUnit(r, u, place, truth)).filter((p) => !lead.includes(p)) : [];
      let timeline: string | null = null;
      let due: string | null = null;
      if (withUnits && !r.chance(0.08)) {
        const kind = r.int(0, 3);
        if (kind === 0) timeline = 'Thường xuyên';
        else if (kind === 1) timeline = `Quý ${r.int(2, 4)} năm ${year}`;
        else if (kind === 2) timeline = `Từ tháng ${r.int(4, 6)} đến tháng ${r.int(9, 12)} năm ${year}`;
        else {
          // A few due dates land before the issue date: the contradiction QA must catch.
          due = addDays(issued, r.chance(0.05) ? -r.int(5, 40) : r.int(10, 120));
          timeline = `Trước ngày ${slashDate(due)}`;
        }
      }
      tasks.push({ section_numbering: sectionNumbering, numbering: String(i + 1), title, lead_units: lead, partner_units: partners, timeline, due_date: due });
      if (due) deadlines.push({ date: due, what: title });
    }
  };

  if (isReport) {
    addSection('situation', [`Thực hiện kế hoạch của cấp trên, UBND ${where} đã triển khai công tác ${topic.title.toLocaleLowerCase('vi')} trên địa bàn.`]);
    addSection('results', [...topic.results]);
    if (r.chance(0.8)) addSection('assessment', ['Bên cạnh kết quả đạt được, công tác phối hợp giữa các đơn vị có lúc chưa chặt chẽ.']);
    if (r.chance(0.85)) makeTasks(addSection('next_steps'), r.int(2, 5), false);
  } else {
    addSection('purpose', r.sample(topic.purpose, 2));
    if (provincial || r.chance(0.6)) {
      addSection('targets');
      const base = provincial ? [] : provincialTargets.get(`${place.province}|${topic.key}`) ?? [];
      const chosen = r.sample(topic.targets, r.int(1, topic.targets.length));
      for (const [population, unit, lo, hi, predicate] of chosen) {
        // A later year's figure is at least the earlier one (targets rise over a plan).
        let previous = r.int(lo, hi);
        for (const y of r.chance(0.5) ? [2025, 2026] : [r.pick([2025, 2026])]) {
          const own = Math.min(unit === '%' ? 100 : hi * 2, previous + (y === 2026 ? r.pick([0, 3, 5]) : 0));
          previous = own;
          // Communes mostly adopt the province's figure, sometimes a more ambitious one.
          const prov = base.find((t) => t.population === population && t.year === y);
          const value = prov && r.chance(0.7) ? Math.min(unit === '%' ? 100 : prov.value * 2, prov.value + r.pick([0, 0, 5])) : own;
          const yearless = !provincial && r.chance(0.06);
          const statement = yearless
            ? `${predicate.charAt(0).toLocaleUpperCase('vi')}${predicate.slice(1)} ${value}${unit === '%' ? '%' : ` ${unit}`} ${population}.`
            : `Đến năm ${y}, ${population} ${predicate} ${value}${unit === '%' ? '%' : ` ${unit}`}.`;
          targets.push({ year: yearless ? null : y, value, unit, population, statement });
        }
      }
    }
    const contentNo = addSection('content');
    makeTasks(contentNo, r.int(3, Math.min(6, topic.tasks.length)), true);
    if (provincial || r.chance(0.88)) {
      const sources = r.sample(topic.funding, r.int(1, topic.funding.length));
      funding = { present: true, sources: r.chance(0.04) ? [] : sources };
      addSection('funding');
    }
    if (r.chance(0.35)) {
      const reportDue = addDays(issued, r.int(60, 200));
      deadlines.push({ date: reportDue, what: `Báo cáo kết quả thực hiện về UBND ${provincial ? 'tỉnh' : 'xã'}` });
      addSection('timeline');
    }
    if (r.chance(0.93)) {
      addSection('organization');
      for (const u of unitsFor(r.int(2, 5))) responsibilities.push({ unit: printedUnit(r, u, place, truth), duties: r.int(1, 4) });
    }
  }
  if (provincial) provincialTargets.set(`${place.province}|${topic.key}`, targets);
  targets = targets.filter((t, i) => targets.findIndex((x) => x.statement === t.statement) === i);

  const refYear = r.pick([2024, 2025]);
  const references: StructuredRecord['references'] = r.sample(
    [
      { kind: 'Kế hoạch', number: `${r.int(10, 400)}/KH-UBND`, date: isoDate(refYear, r.int(1, 2), r.int(1, 28)), issuer: `UBND tỉnh ${place.province}` },
      { kind: 'Nghị quyết', number: `${r.int(1, 60)}/NQ-HĐND`, date: isoDate(2024, r.int(6, 12), r.int(1, 28)), issuer: `HĐND ${provincial ? `tỉnh ${place.province}` : where}` },
      { kind: 'Quyết định', number: `${r.int(100, 2500)}/QĐ-UBND`, date: isoDate(2024, r.int(1, 12), r.int(1, 28)), issuer: `UBND tỉnh ${place.province}` },
      { kind: 'Chỉ thị', number: `${r.int(1, 30)}/CT-UBND`, date: null, issuer: null },
    ],
    r.int(1, 3),
  );
  // The date of the document cited must precede issue; references above all date from before March 2025.

  const signerMissing = r.chance(0.06);
  const record: StructuredRecord = {
    doc_id: docId,
    meta: {
      doc_type: isReport ? 'bao_cao' : 'ke_hoach',
      number: r.chance(0.12) ? null : `${docNo}/${isReport ? 'BC' : 'KH'}-UBND`,
      issued_date: r.chance(0.05) ? null : issued,
      issuer,
      commune: place.commune,
      commune_type: place.communeType,
      province: place.province,
      title: isReport
        ? `Kết quả thực hiện công tác ${topic.title.toLocaleLowerCase('vi')} năm ${year}`
        : `${topic.title} trên địa bàn ${where} năm ${year}`,
      signer: signerMissing ? null : personName(r),
      signer_role: signerMissing ? null : r.pick(['CHỦ TỊCH', 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', 'TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH']),
    },
    sections,
    tasks,
    targets,
    references,
    responsibilities,
    funding,
    deadlines,
    recipients: r.sample(
      [
        provincial ? 'Bộ, ngành liên quan' : `UBND tỉnh ${place.province}`,
        'Thường trực Đảng ủy',
        'Thường trực HĐND',
        'Chủ tịch, các PCT UBND',
        'Các phòng, ban, đơn vị',
        provincial ? 'UBND các xã, phường' : 'Các thôn',
      ],
      r.int(3, 6),
    ).concat(['Lưu: VT']),
  };
  return { record, bodies };
}

// ---------------------------------------------------------------- layout with provenance

interface Laid {
  lines: string[];
  provenance: Extraction['provenance'];
  sections: SectionNode[];
  preambleEnd: number;
}

function layout(r: Rand, built: Built): Laid {
  const { record, bodies } = built;
  const m = record.meta;
  const lines: string[] = [];
  const add = (s: string) => lines.push(s);
  const span = (start: number): LineSpan => ({ start, end: lines.length });
  const where = m.commune ? `${m.commune_type} ${m.commune}` : `tỉnh ${m.province}`;
  const prov: Extraction['provenance'] = {
    sections: [], tasks: [], targets: [], references: [], responsibilities: [], deadlines: [], recipients: [], funding: null,
  };

  add('ỦY BAN NHÂN DÂN');
  add(where.toLocaleUpperCase('vi'));
  add('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  add('Độc lập - Tự do - Hạnh phúc');
  add(`Số: ${m.number ?? '      /' + (m.doc_type === 'bao_cao' ? 'BC' : 'KH') + '-UBND'}`);
  if (m.issued_date) {
    const [y, mo, d] = m.issued_date.split('-').map(Number);
    add(`${m.commune ?? m.province}, ngày ${d} tháng ${mo} năm ${y}`);
  } else add(`${m.commune ?? m.province}, ngày      tháng      năm 2025`);
  add(m.doc_type === 'bao_cao' ? 'BÁO CÁO' : 'KẾ HOẠCH');
  add(m.title ?? '');
  for (const ref of record.references) {
    const start = add(
      `${r.pick(['Căn cứ', 'Thực hiện'])} ${ref.kind} số ${ref.number}${ref.date ? ` ngày ${slashDate(ref.date)}` : ''}${ref.issuer ? ` của ${ref.issuer}` : ''};`,
    );
    prov.references.push({ start, end: start });
  }
  add(`UBND ${where} ${m.doc_type === 'bao_cao' ? 'báo cáo kết quả' : 'xây dựng kế hoạch'} như sau:`);
  const preambleEnd = lines.length;

  const nodes: SectionNode[] = [];
  const deadlineDone = new Set<number>();
  record.sections.forEach((s, si) => {
    const start = add(`${s.numbering}. ${s.heading}`);
    const children: SectionNode[] = [];
    for (const sentence of bodies.get(si) ?? []) add(`- ${sentence}`);
    if (s.kind === 'targets') {
      record.targets.forEach((t) => {
        const n = add(`- ${t.statement}`);
        prov.targets.push({ start: n, end: n });
      });
    }
    record.tasks.forEach((t, ti) => {
      if (t.section_numbering !== s.numbering) return;
      const ts = add(`${t.numbering}. ${t.title}.`);
      if (t.lead_units.length) add(`- ${r.pick(['Đơn vị chủ trì', 'Cơ quan chủ trì'])}: ${t.lead_units.join(', ')}.`);
      if (t.partner_units.length) add(`- ${r.pick(['Đơn vị phối hợp', 'Cơ quan phối hợp'])}: ${t.partner_units.join(', ')}.`);
      if (t.timeline) add(`- Thời gian thực hiện: ${t.timeline}.`);
      prov.tasks[ti] = { start: ts, end: lines.length };
      record.deadlines.forEach((d, di) => {
        if (!deadlineDone.has(di) && d.what === t.title && d.date === t.due_date) {
          prov.deadlines[di] = { start: lines.length, end: lines.length };
          deadlineDone.add(di);
        }
      });
      children.push({ numbering: t.numbering, marker: 'arabic', heading: `${t.title}.`, kind: s.kind, level: 1, startLine: ts, endLine: lines.length, children: [] });
    });
    if (s.kind === 'funding') {
      const fs = add(
        record.funding.sources.length
          ? `Kinh phí thực hiện từ ${record.funding.sources.join(', ')} và các nguồn hợp pháp khác theo quy định.`
          : 'Kinh phí thực hiện kế hoạch được bố trí theo quy định hiện hành.',
      );
      prov.funding = { start: fs, end: fs };
    }
    if (s.kind === 'timeline') {
      record.deadlines.forEach((d, di) => {
        if (deadlineDone.has(di)) return;
        const n = add(`- ${d.what} trước ngày ${slashDate(d.date)}.`);
        prov.deadlines[di] = { start: n, end: n };
        deadlineDone.add(di);
      });
    }
    if (s.kind === 'organization') {
      record.responsibilities.forEach((u, ui) => {
        const us = add(`${ui + 1}. ${u.unit}`);
        for (const duty of r.sample(DUTIES, u.duties)) add(`- ${duty}.`);
        prov.responsibilities[ui] = { start: us, end: lines.length };
        children.push({ numbering: String(ui + 1), marker: 'arabic', heading: u.unit, kind: s.kind, level: 1, startLine: us, endLine: lines.length, children: [] });
      });
      add(`Trên đây là ${m.doc_type === 'bao_cao' ? 'báo cáo' : 'kế hoạch'} của UBND ${where}.`);
    }
    prov.sections.push({ start, end: lines.length });
    nodes.push({ numbering: s.numbering, marker: 'roman', heading: s.heading, kind: s.kind, level: 0, startLine: start, endLine: lines.length, children });
  });
  add('Nơi nhận:');
  for (const rc of record.recipients) {
    const n = add(`- ${rc};`);
    prov.recipients.push({ start: n, end: n });
  }
  if (m.signer_role) for (const role of m.signer_role.split(' / ')) add(role);
  if (m.signer) add(m.signer);
  return { lines, provenance: prov, sections: nodes, preambleEnd };
}

// ---------------------------------------------------------------- public

/**
 * `n` plausible commune plans and reports (plus a few provincial plans, commune null, that the
 * communes of their province follow), deterministic for a given seed.
 */
export function generateCorpus(n: number, seed: number): GeneratedDocument[] {
  const r = rand(seed);
  const all = loadAdminUnits();
  const provinces = [...new Set(all.map((u) => u.province))].sort();
  const chosenProvinces = r.sample(provinces, Math.min(provinces.length, 3 + Math.floor(n / 60)));
  const communesOf = new Map(chosenProvinces.map((p) => [p, r.sample(all.filter((u) => u.province === p), 4 + Math.floor(n / 25))]));
  const provincialTargets = new Map<string, Target[]>();
  const out: GeneratedDocument[] = [];
  // Provincial plans come first so communes can copy their targets.
  const provincialCount = Math.min(Math.max(1, Math.floor(n / 40)), n);
  for (let i = 0; i < n; i++) {
    const province = r.pick(chosenProvinces);
    const provincial = i < provincialCount;
    const unit = r.pick(communesOf.get(province)!);
    const place: Place = provincial ? { province, commune: null, communeType: null } : { province, commune: unit.commune, communeType: unit.communeType };
    const topic = provincial ? TOPICS[i % TOPICS.length] : r.pick(TOPICS);
    const docId = `gen${seed}_${String(i).padStart(4, '0')}`;
    const truth = new Map<string, string>();
    const built = buildRecord(r, docId, place, topic, provincialTargets, truth);
    const laid = layout(r, built);
    const text = laid.lines.join('\n');
    const sourcePath = `corpus/${docId}.txt`;
    const input: SaveInput = {
      ingested: {
        docId,
        sourcePath,
        sourceKind: 'text',
        contentHash: createHash('sha256').update(text).digest('hex'),
        encoding: 'utf-8',
        pages: [{ pageNumber: 1, lines: laid.lines, ocrConfidence: null }],
        warnings: [],
      },
      repaired: {
        docId,
        wasClean: true,
        lines: laid.lines.map((t, k) => ({ lineNo: k + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })),
      },
      segmented: { docId, lines: laid.lines, preambleEnd: laid.preambleEnd, sections: laid.sections },
      extraction: { record: built.record, provenance: laid.provenance },
    };
    out.push({ docId, text, record: built.record, input, unitTruth: truth });
  }
  return out;
}
