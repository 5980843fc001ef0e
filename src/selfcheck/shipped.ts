/**
 * The reference tables a fresh installation starts with: what common families do and how to clean
 * them, the free tools the campaign recommends, and the current software versions. All three are
 * edited by national administrators afterwards; these rows are only the starting point.
 */
export interface FamilyInfo {
  family: string;
  name: string;
  descriptionVi: string;
  descriptionEn: string;
  cleanupVi: string;
  cleanupEn: string;
}

export interface ToolInfo {
  name: string;
  url: string;
  descriptionVi: string;
  descriptionEn: string;
}

export const shippedFamilies: FamilyInfo[] = [
  {
    family: 'mirai',
    name: 'Mirai',
    descriptionVi:
      'Mã độc nhắm vào thiết bị IoT (camera, đầu ghi, bộ định tuyến) có mật khẩu mặc định; thiết bị bị biến thành một phần của mạng botnet dùng để tấn công từ chối dịch vụ.',
    descriptionEn:
      'Malware for IoT devices (cameras, recorders, routers) with default passwords; the device becomes part of a botnet used for denial-of-service attacks.',
    cleanupVi:
      'Khởi động lại thiết bị, đổi ngay mật khẩu mặc định, cập nhật firmware mới nhất từ nhà sản xuất và tắt Telnet/SSH hoặc quản trị từ Internet nếu không cần.',
    cleanupEn:
      'Restart the device, change the default password at once, install the latest firmware from the vendor and turn off Telnet/SSH or remote administration from the Internet when not needed.',
  },
  {
    family: 'conficker',
    name: 'Conficker',
    descriptionVi:
      'Sâu máy tính cũ lây qua lỗ hổng Windows chưa vá, ổ USB và thư mục chia sẻ có mật khẩu yếu; vẫn còn trên các máy Windows không được cập nhật.',
    descriptionEn:
      'An old worm spreading through unpatched Windows, USB drives and shared folders with weak passwords; still present on Windows machines that are not updated.',
    cleanupVi:
      'Cập nhật toàn bộ bản vá Windows, quét bằng công cụ diệt mã độc được khuyến nghị, tắt tự chạy (AutoRun) của USB và đặt mật khẩu mạnh cho tài khoản quản trị.',
    cleanupEn:
      'Install all Windows updates, scan with a recommended removal tool, turn off USB AutoRun and set strong passwords on administrator accounts.',
  },
  {
    family: 'andromeda',
    name: 'Andromeda (Gamarue)',
    descriptionVi:
      'Mã độc tải thêm các mã độc khác về máy, thường lây qua USB và tệp đính kèm; máy nhiễm liên lạc định kỳ với máy chủ điều khiển.',
    descriptionEn:
      'A downloader that installs further malware, often spread by USB drives and attachments; infected machines contact their control servers regularly.',
    cleanupVi:
      'Quét toàn bộ máy và mọi USB đã cắm vào máy bằng công cụ diệt mã độc, sau đó đổi mật khẩu các tài khoản đã dùng trên máy.',
    cleanupEn:
      'Scan the whole machine and every USB drive used with it with a removal tool, then change the passwords of accounts used on it.',
  },
  {
    family: 'emotet',
    name: 'Emotet',
    descriptionVi:
      'Mã độc lây qua thư điện tử có tệp Office hoặc liên kết độc hại, đánh cắp thư và mật khẩu, và mở đường cho mã độc tống tiền.',
    descriptionEn:
      'Malware spread by e-mail with malicious Office files or links; it steals mail and passwords and opens the way for ransomware.',
    cleanupVi:
      'Ngắt máy khỏi mạng, quét bằng công cụ diệt mã độc, đổi mật khẩu thư điện tử và các tài khoản khác, kiểm tra các máy cùng mạng vì Emotet lây lan nội bộ.',
    cleanupEn:
      'Disconnect the machine, scan it with a removal tool, change e-mail and other passwords, and check the other machines of the network because Emotet spreads internally.',
  },
  {
    family: 'qakbot',
    name: 'Qakbot (QBot)',
    descriptionVi:
      'Mã độc đánh cắp thông tin ngân hàng và mật khẩu, thường là bước đầu của các vụ tấn công mã độc tống tiền.',
    descriptionEn:
      'Malware that steals banking details and passwords, often the first step of a ransomware attack.',
    cleanupVi:
      'Cách ly máy, quét toàn bộ bằng công cụ diệt mã độc, đổi mật khẩu và báo cho bộ phận an toàn thông tin của đơn vị để kiểm tra lây lan.',
    cleanupEn:
      'Isolate the machine, scan it fully with a removal tool, change passwords and tell your security team so it can check for spreading.',
  },
  {
    family: 'glupteba',
    name: 'Glupteba',
    descriptionVi:
      'Botnet trên Windows đào tiền ảo, đánh cắp mật khẩu trình duyệt và biến máy thành proxy cho kẻ tấn công.',
    descriptionEn:
      'A Windows botnet that mines cryptocurrency, steals browser passwords and turns the machine into a proxy for attackers.',
    cleanupVi:
      'Quét bằng công cụ diệt mã độc ở chế độ ngoại tuyến, gỡ các phần mềm lạ, đổi mật khẩu đã lưu trong trình duyệt và cập nhật Windows.',
    cleanupEn:
      'Scan with an offline removal tool, uninstall unknown software, change the passwords saved in the browser and update Windows.',
  },
];

export const shippedTools: ToolInfo[] = [
  {
    name: 'Microsoft Safety Scanner',
    url: 'https://learn.microsoft.com/defender-endpoint/safety-scanner-download',
    descriptionVi: 'Công cụ quét mã độc miễn phí của Microsoft, chạy không cần cài đặt.',
    descriptionEn: 'Microsoft’s free malware scanner; runs without installation.',
  },
  {
    name: 'Microsoft Defender Offline',
    url: 'https://support.microsoft.com/windows/help-protect-my-pc-with-microsoft-defender-offline-9306d528-64bf-4668-5b80-ff533f183d6c',
    descriptionVi: 'Quét máy trước khi Windows khởi động, tìm được mã độc tự ẩn mình.',
    descriptionEn: 'Scans the machine before Windows starts, finding malware that hides itself.',
  },
  {
    name: 'Kaspersky Virus Removal Tool',
    url: 'https://www.kaspersky.com/downloads/free-virus-removal-tool',
    descriptionVi: 'Công cụ diệt mã độc miễn phí, dùng song song được với phần mềm diệt virus đang có.',
    descriptionEn: 'A free removal tool that works alongside the antivirus already installed.',
  },
  {
    name: 'ESET Online Scanner',
    url: 'https://www.eset.com/int/home/online-scanner/',
    descriptionVi: 'Quét một lần miễn phí, tự gỡ bỏ sau khi dùng.',
    descriptionEn: 'A free one-time scan that removes itself afterwards.',
  },
];

/** Current versions as shipped; `minimumVersion` is the oldest still receiving security updates. */
export const shippedVersions = [
  {
    product: 'chrome',
    label: 'Google Chrome',
    kind: 'browser',
    currentVersion: '142',
    minimumVersion: '140',
  },
  { product: 'edge', label: 'Microsoft Edge', kind: 'browser', currentVersion: '142', minimumVersion: '140' },
  {
    product: 'firefox',
    label: 'Mozilla Firefox',
    kind: 'browser',
    currentVersion: '145',
    minimumVersion: '140',
  },
  { product: 'safari', label: 'Safari', kind: 'browser', currentVersion: '26', minimumVersion: '18' },
  { product: 'opera', label: 'Opera', kind: 'browser', currentVersion: '123', minimumVersion: '120' },
  { product: 'coccoc', label: 'Cốc Cốc', kind: 'browser', currentVersion: '142', minimumVersion: '138' },
  {
    product: 'samsung',
    label: 'Samsung Internet',
    kind: 'browser',
    currentVersion: '29',
    minimumVersion: '27',
  },
  { product: 'windows', label: 'Windows', kind: 'os', currentVersion: '11', minimumVersion: '11' },
  { product: 'macos', label: 'macOS', kind: 'os', currentVersion: '26', minimumVersion: '14' },
  { product: 'ios', label: 'iOS / iPadOS', kind: 'os', currentVersion: '26', minimumVersion: '18' },
  { product: 'android', label: 'Android', kind: 'os', currentVersion: '16', minimumVersion: '13' },
];
