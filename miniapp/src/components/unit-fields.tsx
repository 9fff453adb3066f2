import { Form, Selector } from 'antd-mobile';

/** The form values of `UnitFields`. */
export interface UnitValues {
  lead: string[];
  co?: string[];
}

/** 牵头单位 (one) and 协办单位 (any), as a matter names its units. */
export function UnitFields({ units }: { units: { label: string; value: string }[] }) {
  return (
    <>
      <Form.Item name="lead" label="牵头单位" rules={[{ required: true, message: '请选择牵头单位' }]}>
        <Selector columns={2} options={units} />
      </Form.Item>
      <Form.Item name="co" label="协办单位（可多选）">
        <Selector columns={2} multiple options={units} />
      </Form.Item>
    </>
  );
}

/** The units picked, as the server takes them: the lead unit, and the co-units other than it. */
export function pickedUnits({ lead, co }: UnitValues): { leadDepartmentId: string; coDepartmentIds: string[] } {
  const leadDepartmentId = lead[0] as string;
  return { leadDepartmentId, coDepartmentIds: (co ?? []).filter((id) => id !== leadDepartmentId) };
}
