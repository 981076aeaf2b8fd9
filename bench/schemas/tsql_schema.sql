CREATE TABLE [dbo].[Employees] (
    [EmployeeId] INT IDENTITY(1,1) NOT NULL,
    [FullName] NVARCHAR(200) NOT NULL,
    [PersonalNumber] NVARCHAR(10) NULL,
    [Iban] NVARCHAR(34) NULL,
    [Salary] DECIMAL(10,2) NULL,
    [TradeUnionMember] BIT NULL,
    [DepartmentCode] NVARCHAR(10) NULL,
    [HiredOn] DATE NULL
)
GO
CREATE TABLE [dbo].[Departments] (
    [DepartmentCode] NVARCHAR(10) NOT NULL,
    [Title] NVARCHAR(200) NULL,
    [Budget] DECIMAL(12,2) NULL
)
GO
