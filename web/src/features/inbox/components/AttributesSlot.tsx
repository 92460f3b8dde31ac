// The side panel's custom attributes, one lazy step away: the inbox's first load carries not even the
// attributes feature's entry (the bundle gate).
import { AttributesPanel } from '../../attributes/index.ts';

export default AttributesPanel;
