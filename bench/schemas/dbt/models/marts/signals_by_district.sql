select
    c.district,
    count(*) as signals,
    avg(length(s.body)) as avg_length
from {{ ref('stg_citizens') }} c
join {{ source('public', 'signals') }} s on s.citizen_id = c.citizen_id
group by c.district
