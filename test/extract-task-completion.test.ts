import { describe, expect, it } from 'vitest';
import { inlineRoles, taskTitle } from '../src/extract/tasks.ts';

// Written for this test: the completion clauses commune plans print after a task's title.
describe('the completion clause of a task: cut from the title, read as the timeline', () => {
  const cases: [string, string, string][] = [
    ['Tổ chức hội nghị sơ kết mô hình; hoàn thành trước ngày 15/8/2026.', 'Tổ chức hội nghị sơ kết mô hình', 'trước ngày 15/8/2026'],
    ['Rà soát danh sách hộ nghèo, thời hạn hoàn thành trong tháng 10/2026.', 'Rà soát danh sách hộ nghèo', 'trong tháng 10/2026'],
    ['Cập nhật dữ liệu dân cư; thời hạn: trong Quý III/2026', 'Cập nhật dữ liệu dân cư', 'trong Quý III/2026'],
    ['Lập báo cáo kết quả; thời gian hoàn thành xong trước 30/11/2026.', 'Lập báo cáo kết quả', 'xong trước 30/11/2026'],
  ];

  it.each(cases)('%s', (sentence, title, timeline) => {
    expect(taskTitle(sentence)).toBe(title);
    expect(inlineRoles(sentence).timeline).toBe(timeline);
  });

  it('leaves a title alone when "hoàn thành" is the task itself', () => {
    expect(taskTitle('Hoàn thành việc cấp căn cước cho người dân trên địa bàn')).toBe('Hoàn thành việc cấp căn cước cho người dân trên địa bàn');
    expect(inlineRoles('Hoàn thành việc cấp căn cước cho người dân trên địa bàn').timeline).toBeNull();
  });
});
