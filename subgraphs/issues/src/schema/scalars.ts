import { DateTimeScalar } from '@gitforge/graphql-scalars';
import { builder } from './builder';

builder.addScalarType('DateTime', DateTimeScalar);
