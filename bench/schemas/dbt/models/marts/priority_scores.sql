select
    c.citizen_id,
    md5(c.egn) as egn_md5,
    case when a.ethnicity = 'X' or a.disability_group > 1 then 10 else 1 end as priority
from {{ ref('stg_citizens') }} c
join public.social_assistance a on a.citizen_id = c.citizen_id
