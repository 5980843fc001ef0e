/**
 * A realistic demo tree added on top of the province seed (`vn-provinces.json`). It refers to the
 * national centre `NCSC` and to province codes of the seed as parents, so on its own its parents
 * `NCSC`, `75`, `30`, `31` and `08` are external references.
 *
 * Illustrative data only: the organisation names are real kinds of bodies, but every IP range is
 * from the documentation blocks (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and
 * 2001:db8::/32, non-overlapping), ASNs are from the documentation range 64496–64511, e-mail
 * addresses are at example.gov.vn / example.com.vn, and people and phone numbers are invented.
 */
import type { OrganisationContact, OrganisationRecord } from '../interchange/record.js';

type DemoFields = Pick<OrganisationRecord, 'code' | 'name' | 'kind' | 'parentCode'> &
  Partial<OrganisationRecord>;

function org(fields: DemoFields): OrganisationRecord {
  return {
    validFrom: null,
    validTo: null,
    predecessorCodes: [],
    ipRanges: [],
    asns: [],
    domains: [],
    websites: [],
    contacts: [],
    ...fields,
  };
}

function contact(
  name: string,
  role: string,
  email: string | null,
  phone: string | null = null,
): OrganisationContact {
  return { name, role, email, phone };
}

/** The demo organisations, in parent-before-child order. A fresh array on every call. */
export function demoOrganisations(): OrganisationRecord[] {
  return [
    // A ministry with its IT centre (the sender of the 2020 campaign letter) and two units.
    org({
      code: 'BKHCN',
      name: 'Bộ Khoa học và Công nghệ',
      kind: 'ministry',
      parentCode: 'NCSC',
      ipRanges: ['192.0.2.0/26', '2001:db8:100::/48'],
      domains: ['most.gov.vn'],
      websites: ['https://most.gov.vn/'],
      contacts: [contact('Lê Minh Tuấn', 'Chánh Văn phòng Bộ', 'tuanlm@example.gov.vn', '024 0000 0101')],
    }),
    org({
      code: 'BKHCN.TTCNTT',
      name: 'Trung tâm Công nghệ thông tin',
      kind: 'unit',
      parentCode: 'BKHCN',
      ipRanges: ['192.0.2.64/27', '2001:db8:101::/48'],
      domains: ['ttcntt.most.gov.vn'],
      websites: ['https://ttcntt.most.gov.vn/'],
      contacts: [
        contact('Nguyễn Văn Hùng', 'Giám đốc Trung tâm', 'hungnv@example.gov.vn', '024 0000 0102'),
        contact('Trần Thị Thu Hằng', 'Phụ trách an toàn thông tin', 'hangttt@example.gov.vn'),
      ],
    }),
    org({
      code: 'BKHCN.CSHTT',
      name: 'Cục Sở hữu trí tuệ',
      kind: 'unit',
      parentCode: 'BKHCN',
      ipRanges: ['192.0.2.96/28'],
      domains: ['ipvietnam.gov.vn'],
      websites: ['https://ipvietnam.gov.vn/'],
      contacts: [contact('Phạm Quốc Khánh', 'Trưởng phòng Công nghệ thông tin', 'khanhpq@example.gov.vn')],
    }),
    org({
      code: 'BKHCN.VNLNT',
      name: 'Viện Năng lượng nguyên tử Việt Nam',
      kind: 'unit',
      parentCode: 'BKHCN',
      ipRanges: ['192.0.2.112/28'],
      domains: ['vinatom.gov.vn'],
      websites: ['https://vinatom.gov.vn/'],
      contacts: [contact('Đỗ Thị Minh Ngọc', 'Chuyên viên quản trị mạng', 'ngocdtm@example.gov.vn')],
    }),

    // Đồng Nai (75, continuing after 2025-07-01): the Department of Health with two hospitals, and
    // the Department of Information and Communications, merged into the Department of Science and
    // Technology on 2025-03-01 (which continues and lists it as predecessor).
    org({
      code: 'DN.SYT',
      name: 'Sở Y tế Đồng Nai',
      kind: 'department',
      parentCode: '75',
      ipRanges: ['198.51.100.0/26', '2001:db8:200::/48'],
      domains: ['syt.dongnai.gov.vn'],
      websites: ['https://syt.dongnai.gov.vn/'],
      contacts: [
        contact('Phan Thanh Bình', 'Giám đốc Sở', 'binhpt@example.gov.vn', '0251 000 0201'),
        contact('Vũ Thị Mai', 'Cán bộ phụ trách công nghệ thông tin', 'maivt@example.gov.vn'),
      ],
    }),
    org({
      code: 'DN.SYT.BVDK',
      name: 'Bệnh viện Đa khoa Đồng Nai',
      kind: 'unit',
      parentCode: 'DN.SYT',
      ipRanges: ['198.51.100.64/27'],
      domains: ['bvdk.dongnai.gov.vn'],
      websites: ['https://bvdk.dongnai.gov.vn/'],
      contacts: [contact('Hoàng Văn Thắng', 'Trưởng phòng Công nghệ thông tin', 'thanghv@example.gov.vn')],
    }),
    org({
      code: 'DN.SYT.BVNHI',
      name: 'Bệnh viện Nhi đồng Đồng Nai',
      kind: 'unit',
      parentCode: 'DN.SYT',
      ipRanges: ['198.51.100.96/27'],
      domains: ['bvnhidong.dongnai.gov.vn'],
      websites: ['https://bvnhidong.dongnai.gov.vn/'],
      contacts: [contact('Ngô Thị Bích Thủy', 'Kỹ sư quản trị hệ thống', 'thuyntb@example.gov.vn')],
    }),
    org({
      code: 'DN.STTTT',
      name: 'Sở Thông tin và Truyền thông Đồng Nai',
      kind: 'department',
      parentCode: '75',
      validTo: '2025-03-01',
      ipRanges: ['198.51.100.128/27'],
      domains: ['stttt.dongnai.gov.vn'],
      websites: ['https://stttt.dongnai.gov.vn/'],
      contacts: [
        contact(
          'Bùi Đức Long',
          'Trưởng phòng Bưu chính, Viễn thông và Công nghệ thông tin',
          'longbd@example.gov.vn',
        ),
      ],
    }),
    org({
      code: 'DN.SKHCN',
      name: 'Sở Khoa học và Công nghệ Đồng Nai',
      kind: 'department',
      parentCode: '75',
      predecessorCodes: ['DN.STTTT'],
      ipRanges: ['198.51.100.160/27', '2001:db8:201::/48'],
      domains: ['skhcn.dongnai.gov.vn'],
      websites: ['https://skhcn.dongnai.gov.vn/'],
      contacts: [
        contact('Bùi Đức Long', 'Phó Giám đốc Sở', 'longbd@example.gov.vn', '0251 000 0202'),
        contact('Lý Thị Hồng Nhung', 'Chuyên viên an toàn thông tin', 'nhunglth@example.gov.vn'),
      ],
    }),

    // Hải Dương (30, merged into Hải Phòng on 2025-07-01): a district and two of its wards, all
    // ended with the abolition of districts, and the ward of Hải Phòng that succeeds them.
    org({
      code: 'HD.CHILINH',
      name: 'Thành phố Chí Linh',
      kind: 'district',
      parentCode: '30',
      validTo: '2025-07-01',
      ipRanges: ['203.0.113.0/27'],
      domains: ['chilinh.haiduong.gov.vn'],
      websites: ['https://chilinh.haiduong.gov.vn/'],
      contacts: [
        contact('Nguyễn Thị Hải Yến', 'Chánh Văn phòng HĐND và UBND thành phố', 'yennth@example.gov.vn'),
      ],
    }),
    org({
      code: 'HD.CHILINH.SAODO',
      name: 'Phường Sao Đỏ',
      kind: 'commune',
      parentCode: 'HD.CHILINH',
      validTo: '2025-07-01',
      ipRanges: ['203.0.113.32/28'],
      domains: ['saodo.chilinh.haiduong.gov.vn'],
      contacts: [contact('Trịnh Văn Nam', 'Công chức Văn phòng - Thống kê', 'namtv@example.gov.vn')],
    }),
    org({
      code: 'HD.CHILINH.CONGHOA',
      name: 'Phường Cộng Hòa',
      kind: 'commune',
      parentCode: 'HD.CHILINH',
      validTo: '2025-07-01',
      ipRanges: ['203.0.113.48/28'],
      domains: ['conghoa.chilinh.haiduong.gov.vn'],
      contacts: [contact('Mạc Thị Thanh Hương', 'Công chức Văn phòng - Thống kê', 'huongmtt@example.gov.vn')],
    }),
    org({
      code: 'HP.CHILINH',
      name: 'Phường Chí Linh',
      kind: 'commune',
      parentCode: '31',
      validFrom: '2025-07-01',
      predecessorCodes: ['HD.CHILINH.SAODO', 'HD.CHILINH.CONGHOA'],
      ipRanges: ['203.0.113.64/27'],
      domains: ['chilinh.haiphong.gov.vn'],
      websites: ['https://chilinh.haiphong.gov.vn/'],
      contacts: [
        contact(
          'Trịnh Văn Nam',
          'Phó Chánh Văn phòng HĐND và UBND phường',
          'namtv@example.gov.vn',
          '0225 000 0301',
        ),
      ],
    }),

    // Tuyên Quang (08, continuing): the civil-judgment department and two of its offices.
    org({
      code: 'TQ.CTHADS',
      name: 'Cục Thi hành án dân sự tỉnh Tuyên Quang',
      kind: 'department',
      parentCode: '08',
      ipRanges: ['192.0.2.128/27'],
      domains: ['thads.tuyenquang.gov.vn'],
      websites: ['https://thads.tuyenquang.gov.vn/'],
      contacts: [
        contact('Ma Văn Thành', 'Phó Cục trưởng', 'thanhmv@example.gov.vn', '0207 000 0401'),
        contact('Lương Thị Thảo', 'Chuyên viên Văn phòng Cục', 'thaolt@example.gov.vn'),
      ],
    }),
    org({
      code: 'TQ.CTHADS.TP',
      name: 'Chi cục Thi hành án dân sự thành phố Tuyên Quang',
      kind: 'unit',
      parentCode: 'TQ.CTHADS',
      ipRanges: ['192.0.2.160/28'],
      contacts: [contact('Hà Văn Dũng', 'Chi cục trưởng', 'dunghv@example.gov.vn')],
    }),
    org({
      code: 'TQ.CTHADS.YS',
      name: 'Chi cục Thi hành án dân sự huyện Yên Sơn',
      kind: 'unit',
      parentCode: 'TQ.CTHADS',
      ipRanges: ['192.0.2.176/28'],
      contacts: [contact('Nông Thị Hạnh', 'Chi cục trưởng', 'hanhnt@example.gov.vn')],
    }),

    // A bank and a state company reporting straight to the national centre.
    org({
      code: 'AGRIBANK',
      name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam',
      kind: 'bank',
      parentCode: 'NCSC',
      ipRanges: ['203.0.113.128/26', '2001:db8:b00::/40'],
      asns: [64500],
      domains: ['agribank.com.vn'],
      websites: ['https://www.agribank.com.vn/'],
      contacts: [
        contact(
          'Đinh Công Minh',
          'Giám đốc Trung tâm An ninh mạng',
          'minhdc@example.com.vn',
          '024 0000 0501',
        ),
        contact('Tạ Thị Quỳnh Trang', 'Chuyên viên giám sát an toàn thông tin', 'trangttq@example.com.vn'),
      ],
    }),
    org({
      code: 'VNPOST',
      name: 'Tổng công ty Bưu điện Việt Nam',
      kind: 'state_company',
      parentCode: 'NCSC',
      ipRanges: ['203.0.113.192/26', '2001:db8:c00::/40'],
      asns: [64501],
      domains: ['vnpost.vn'],
      websites: ['https://vnpost.vn/'],
      contacts: [contact('Kiều Văn Phúc', 'Trưởng ban Công nghệ thông tin', 'phuckv@example.com.vn')],
    }),
  ];
}
